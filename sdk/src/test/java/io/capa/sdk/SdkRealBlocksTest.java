package io.capa.sdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.blocks.api.BuildingBlocks;
import io.capa.pubsub.api.ComponentPubSubService;
import io.capa.sdk.api.CapaClient;
import io.capa.sidecar.api.BlockServices;
import io.capa.state.api.ComponentStateService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: the SDK over RPC to the sidecar, which serves the real building blocks over embedded
 * backends (state.h2, pubsub.in-memory) built from a components folder.
 */
class SdkRealBlocksTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  static ExecutorService executor;
  static ScheduledExecutorService scheduler;
  static BuildingBlocks blocks;
  static RealRuntime runtime;
  static CapaClient capa;

  @BeforeAll
  static void start() throws Exception {
    executor = Executors.newFixedThreadPool(2);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    Path dir = Files.createTempDirectory("capa-sdk-real");
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("state.yaml"), component("statestore", "state.h2"));
    Files.writeString(components.resolve("pubsub.yaml"), component("pubsub", "pubsub.in-memory"));
    blocks = BuildingBlocks.start(new BuildingBlocks.Settings(
        java.util.Optional.of(components), "e2e", executor, scheduler, Files.createDirectory(dir.resolve("data")),
        Duration.ofSeconds(5)));
    BlockServices served = BlockServices.NONE
        .withState(new ComponentStateService(blocks.components(), "e2e", executor))
        .withPubSub(new ComponentPubSubService(blocks.components(), "e2e", scheduler))
        .withSecrets(blocks.secrets());
    runtime = RealRuntime.start(Files.createDirectory(dir.resolve("runtime")), 0, Map.of(), served);
    capa = CapaClient.builder().appId("e2e").runtime("127.0.0.1", runtime.port()).build();
  }

  private static String component(String name, String type) {
    return """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: %s
          version: v1
          metadata: []
        """.formatted(name, type);
  }

  @AfterAll
  static void stop() {
    capa.close();
    runtime.close();
    blocks.close();
    executor.shutdownNow();
    scheduler.shutdownNow();
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void state_onH2_saveGetEtagMismatchDelete() throws Exception {
    String key = "e2e-" + System.nanoTime();
    await(capa.state().save("statestore", SaveRequest.of(key, "one".getBytes(UTF_8))));
    StateItem item = await(capa.state().get("statestore", key)).orElseThrow();
    assertThat(new String(item.value(), UTF_8)).isEqualTo("one");
    assertThat(item.etag()).isPresent();

    await(capa.state().save("statestore", SaveRequest.of(key, "two".getBytes(UTF_8)).withEtag(item.etag().get())));
    Throwable stale = catchThrowable(() -> await(capa.state().save("statestore",
        SaveRequest.of(key, "three".getBytes(UTF_8)).withEtag(item.etag().get()))));
    assertThat(stale).hasCauseInstanceOf(CapaException.class);
    assertThat(((CapaException) stale.getCause()).errorCode()).isIn(ErrorCode.ETAG_MISMATCH, ErrorCode.ETAG_INVALID);

    await(capa.state().delete("statestore", key));
    assertThat(await(capa.state().get("statestore", key))).isEmpty();
  }

  @Test
  void pubSub_inMemory_publishedMessageReachesTheSdkSubscriber() throws Exception {
    String topic = "e2e-" + System.nanoTime();
    List<TopicMessage> got = new CopyOnWriteArrayList<>();
    capa.pubSub().subscribe(Subscription.of("pubsub", topic)).subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(TopicMessage m) {
        got.add(m);
        m.ack();
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onComplete() {}
    });
    // The subscription is made asynchronously: publish until the first message arrives.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (got.isEmpty() && System.nanoTime() < deadline) {
      await(capa.pubSub().publish(PublishRequest.of("pubsub", topic, "hello".getBytes(UTF_8), "text/plain")));
      Thread.sleep(100);
    }
    assertThat(got).isNotEmpty();
    assertThat(new String(got.get(0).data(), UTF_8)).isEqualTo("hello");
    assertThat(got.get(0).topic()).isEqualTo(topic);
  }
}
