package io.capa.configuration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.configuration.spi.ConfigurationChange;
import io.capa.configuration.spi.ConfigurationStore;
import io.capa.configuration.testkit.TestComponents;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing, errors and the subscription's demand and coalescing, over a store the test drives by hand. */
class ComponentConfigurationServiceTest {
  /** A store whose changes the test pushes; read-only, as a store may be. */
  static final class ManualStore implements ConfigurationStore {
    final List<Consumer<ConfigurationChange>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata) {
      return CompletableFuture.completedFuture(Map.of("a", ConfigurationItem.of("a", "1")));
    }

    @Override
    public AutoCloseable watch(List<String> keys, Consumer<ConfigurationChange> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    void push(String key, String value) {
      listeners.forEach(l -> l.accept(new ConfigurationChange(Map.of(key, ConfigurationItem.of(key, value)), Set.of())));
    }

    void pushRemoval(String key) {
      listeners.forEach(l -> l.accept(new ConfigurationChange(Map.of(), Set.of(key))));
    }

    @Override
    public void close() {}
  }

  /** Records signals and requests only when told. */
  static final class Recorder implements Flow.Subscriber<ConfigurationUpdate> {
    final List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    volatile Throwable error;
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(ConfigurationUpdate item) {
      updates.add(item);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onComplete() {}
  }

  private final TestComponents env = new TestComponents();
  private final ManualStore store = new ManualStore();
  private final ComponentConfigurationService service = new ComponentConfigurationService(env.put("cfg", store), env.blocking);

  @AfterEach
  void close() {
    env.close();
  }

  private static void await(BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("deadline").isNegative();
      Thread.sleep(10);
    }
  }

  @Test
  void subscribe_withoutDemand_deliversNothingThenCoalescesPerKey() throws Exception {
    Recorder r = new Recorder();
    service.subscribe(ConfigurationRequest.of("cfg", "a", "b")).subscribe(r);
    await(() -> store.listeners.size() == 1);
    for (int i = 0; i < 1000; i++) {
      store.push("a", "a" + i);
      store.push("b", "b" + i);
    }
    store.pushRemoval("b");
    assertThat(r.updates).isEmpty();

    r.subscription.request(1);
    await(() -> r.updates.size() == 1);
    ConfigurationUpdate u = r.updates.get(0);
    assertThat(u.store()).isEqualTo("cfg");
    assertThat(u.changed()).containsOnlyKeys("a");
    assertThat(u.changed().get("a").value()).isEqualTo("a999");
    assertThat(u.removed()).containsExactly("b");

    store.push("a", "later");
    r.subscription.request(5);
    await(() -> r.updates.size() == 2);
    assertThat(r.updates.get(1).changed().get("a").value()).isEqualTo("later");
  }

  @Test
  void subscribe_cancel_closesTheWatch() throws Exception {
    Recorder r = new Recorder();
    service.subscribe(ConfigurationRequest.of("cfg")).subscribe(r);
    await(() -> store.listeners.size() == 1);
    r.subscription.cancel();
    assertThat(store.listeners).isEmpty();
  }

  @Test
  void subscribe_nonPositiveRequest_failsTheSubscriber() throws Exception {
    Recorder r = new Recorder();
    service.subscribe(ConfigurationRequest.of("cfg")).subscribe(r);
    r.subscription.request(0);
    await(() -> r.error != null);
    assertThat(r.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
    assertThat(store.listeners).isEmpty();
  }

  @Test
  void subscribe_unknownStore_failsWithComponentNotFound() throws Exception {
    Recorder r = new Recorder();
    service.subscribe(ConfigurationRequest.of("nope")).subscribe(r);
    await(() -> r.error != null);
    assertThat(r.error).isInstanceOfSatisfying(CapaException.class,
        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
  }

  @Test
  void subscribe_storeReloaded_watchesTheNewInstance() throws Exception {
    Recorder r = new Recorder();
    service.subscribe(ConfigurationRequest.of("cfg", "a")).subscribe(r);
    r.subscription.request(10);
    await(() -> store.listeners.size() == 1);
    ManualStore replacement = new ManualStore();
    env.reload("cfg", replacement);
    assertThat(store.listeners).isEmpty();
    replacement.push("a", "from-new-instance");
    await(() -> r.updates.size() == 1);
    assertThat(r.updates.get(0).changed().get("a").value()).isEqualTo("from-new-instance");
  }

  @Test
  void subscribe_storeRemoved_failsWithComponentNotFound() throws Exception {
    Recorder r = new Recorder();
    service.subscribe(ConfigurationRequest.of("cfg", "a")).subscribe(r);
    await(() -> store.listeners.size() == 1);
    env.remove("cfg");
    await(() -> r.error != null);
    assertThat(r.error).isInstanceOfSatisfying(CapaException.class,
        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
    assertThat(store.listeners).isEmpty();
  }

  @Test
  void get_routesToTheNamedStore() throws Exception {
    assertThat(service.get(ConfigurationRequest.of("cfg")).toCompletableFuture().get(5, TimeUnit.SECONDS)).containsKey("a");
  }

  @Test
  void save_readOnlyStore_isNotSupported() {
    assertThatThrownBy(() -> service.save("cfg", List.of(ConfigurationItem.of("a", "x")), Map.of())
            .toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED));
  }

  @Test
  void delete_noKeys_isInvalidRequest() {
    assertThatThrownBy(() -> service.delete("cfg", List.of(), Map.of()).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }
}
