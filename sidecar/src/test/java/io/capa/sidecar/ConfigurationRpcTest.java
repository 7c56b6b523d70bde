package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.memory.MemoryConfiguration;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.RuntimeProtocol.ConfigurationWatcher;
import io.capa.sidecar.protocol.internal.ConfigurationConvert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The configuration block over RPC against an in-memory store: reads, conditional writes, watches with a bounded window. */
class ConfigurationRpcTest {
  static TestNode node;
  static MemoryConfiguration cfg = new MemoryConfiguration();
  static TestNode.Conn conn;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    conn = node.connect(node.endpoint(Map.of("capa.rpc.max-unanswered-deliveries", 4), BlockServices.NONE.withConfiguration(cfg)));
  }

  @AfterAll
  static void stop() {
    node.release();
    cfg.close();
  }

  /** Records updates; leaves them unanswered unless {@link #answering} is set. */
  static final class Watcher extends ConfigurationWatcher.Server {
    final List<ConfigurationUpdate> got = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    volatile boolean answering;

    @Override
    protected CompletionStage<?> update(CallContext call, ConfigurationWatcher.UpdateParams.Reader params, Supplier<ConfigurationWatcher.UpdateResults.Builder> results) {
      got.add(ConfigurationConvert.update(params));
      if (answering) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    void answerAll() {
      answering = true;
      new ArrayList<>(pending).forEach(f -> f.complete(null));
    }
  }

  static CompletionStage<?> save(ConfigurationItem... items) {
    return conn.runtime.saveConfiguration(p -> {
      p.setStore("cfg");
      ConfigurationConvert.items(List.of(items), p.initItems(items.length));
    }).response();
  }

  static CompletionStage<Map<String, ConfigurationItem>> get(String store, String... keys) {
    return conn.runtime.getConfiguration(p -> ConfigurationConvert.request(ConfigurationRequest.of(store, keys), p.initRequest()))
        .response().thenApply(r -> ConfigurationConvert.byKey(ConfigurationConvert.items(r.getItems())));
  }

  @Test
  void saveGetDelete_withVersions() throws Exception {
    await(save(ConfigurationItem.of("cfg-a", "1")));
    ConfigurationItem a = await(get("cfg", "cfg-a")).get("cfg-a");
    assertThat(a.value()).isEqualTo("1");
    assertThat(a.version()).isPresent();

    assertThat(code(save(new ConfigurationItem("cfg-a", "2", Optional.of("999999"), Map.of())))).isEqualTo("ERR_ETAG_MISMATCH");
    await(save(new ConfigurationItem("cfg-a", "2", a.version(), Map.of())));
    assertThat(await(get("cfg", "cfg-a")).get("cfg-a").value()).isEqualTo("2");

    await(conn.runtime.deleteConfiguration(p -> {
      p.setStore("cfg");
      p.setKeys(List.of("cfg-a"));
    }).response());
    assertThat(await(get("cfg", "cfg-a"))).isEmpty();
    assertThat(code(conn.runtime.deleteConfiguration(p -> p.setStore("cfg")).response())).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(code(get("nope", "x"))).isEqualTo("ERR_COMPONENT_NOT_FOUND");
    // A request with no store, as a client that skips the records could send it.
    assertThat(code(conn.runtime.getConfiguration(p -> p.initRequest().setKeys(List.of("x"))).response()))
        .isEqualTo("ERR_INVALID_REQUEST");
  }

  @Test
  void watch_slowWatcher_runtimeHoldsAtMostTheWindowThenEverythingArrives() throws Exception {
    String key = "w-" + System.nanoTime();
    Watcher w = new Watcher();
    var promise = conn.runtime.watchConfiguration(p -> {
      ConfigurationConvert.request(ConfigurationRequest.of("cfg", key), p.initRequest());
      p.setWatcher(w.toClient());
    });
    RuntimeProtocol.Registration.Client reg = promise.getRegistration();
    await(promise.response());
    for (int i = 0; i < 30; i++) {
      await(save(ConfigurationItem.of(key, "v" + i)));
    }
    TestNode.waitUntil("the window is out", () -> w.pending.size() == 4);
    TestNode.waitUntil("the rest waits in the store", () -> cfg.waiting() == 26);
    assertThat(w.got).hasSize(4);

    w.answerAll();
    TestNode.waitUntil("all thirty", () -> w.got.size() == 30);
    assertThat(w.got.get(29).changed().get(key).value()).isEqualTo("v29");
    await(reg.close_(p -> {}).response());
    TestNode.waitUntil("the watch ended", () -> cfg.watches() == 0);
  }

  @Test
  void watch_unknownStore_failsTheCall() {
    assertThat(code(conn.runtime.watchConfiguration(p -> {
      ConfigurationConvert.request(ConfigurationRequest.of("nope"), p.initRequest());
      p.setWatcher(new Watcher().toClient());
    }).response())).isEqualTo("ERR_COMPONENT_NOT_FOUND");
    assertThat(code(conn.runtime.watchConfiguration(p ->
        ConfigurationConvert.request(ConfigurationRequest.of("cfg"), p.initRequest())).response())).isEqualTo("ERR_INVALID_REQUEST");
  }
}
