package io.capa.pubsub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentTypes;
import io.capa.components.testkit.MapComponents;
import io.capa.pubsub.Probe;
import io.capa.pubsub.api.ComponentPubSubService;
import io.capa.pubsub.spi.PubSubBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker whose private server is down at creation, and one whose server restarts while messages
 * flow. Subclasses start the server.
 */
abstract class BrokerFaults {
  private static final Duration WAIT = Duration.ofSeconds(40);
  @TempDir Path dir;
  protected int port;
  private ScheduledExecutorService scheduler;
  private ExecutorService blocking;
  private Server server;
  private PubSubBroker broker;

  protected abstract String type();

  protected abstract Map<String, String> metadata(int port);

  /** The broker's server, not running yet; {@link #metadata} is asked after this. */
  protected abstract Server server(int port, Path dir) throws Exception;

  /** A server the test starts and stops. */
  interface Server extends AutoCloseable {
    void start() throws Exception;

    void stop() throws Exception;

    @Override
    default void close() throws Exception {
      stop();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    port = PrivateServer.freePort();
    scheduler = Executors.newScheduledThreadPool(2);
    blocking = Executors.newCachedThreadPool();
    server = server(port, dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (broker != null) {
      broker.close();
    }
    server.close();
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }

  private PubSubBroker create() throws Exception {
    Map<String, MetadataValue> plain = new LinkedHashMap<>();
    Map<String, String> metadata = metadata(port);
    metadata.forEach((k, v) -> plain.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec("ps", type(), "v1", plain, List.of(), Optional.empty(), Path.of("f.yaml"), 1);
    return (PubSubBroker) ComponentTypes.discover().requireKnownType(spec)
        .create(new ComponentConfig(spec, metadata), new ComponentContext("fault-app", blocking, scheduler, dir));
  }

  @Test
  void create_serverDown_reportsDownFailsFastAndRecovers() throws Exception {
    broker = create();
    assertThat(broker.health().up()).isFalse();
    assertThat(broker.health().detail()).isNotBlank();
    assertThatFailsWith(broker.publish("t", new byte[] {1}, Map.of()), ErrorCode.COMPONENT_FAILED);

    server.start();
    Probe.await("the broker up after its server started", WAIT, () -> broker.health().up());
    broker.publish("t", new byte[] {1}, Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void restart_midStream_noConfirmedPublishIsLost() throws Exception {
    server.start();
    broker = create();
    Probe.await("the broker up", WAIT, () -> broker.health().up());
    ComponentPubSubService service = new ComponentPubSubService(new MapComponents().put("ps", broker), "fault-app",
        scheduler);
    String topic = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    Subscription sub = new Subscription("ps", topic, Optional.empty(), Map.of("consumerID", "g1", "retryBackoff", "200ms"));
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    Probe<TopicMessage> probe = new Probe<>(m -> {
      delivered.add(new String(m.data(), StandardCharsets.UTF_8));
      m.ack();
    });
    service.subscribe(sub).subscribe(probe);
    Probe.await("subscription active", WAIT, () -> {
      tryPublish(service, topic, "warmup");
      Thread.onSpinWait();
      return delivered.contains("warmup");
    });

    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    int failed = 0;
    for (int i = 0; i < 600; i++) {
      if (i == 200) {
        server.stop();
      }
      if (i == 300) {
        server.start();
        Probe.await("the broker up again", WAIT, () -> broker.health().up());
      }
      if (tryPublish(service, topic, "m" + i)) {
        confirmed.add("m" + i);
      } else {
        failed++;
      }
    }
    assertThat(failed).as("publishes refused while the server was down").isGreaterThan(0);
    assertThat(confirmed).hasSizeGreaterThan(400);
    try {
      Probe.await("every confirmed publish delivered", WAIT, () -> delivered.containsAll(confirmed));
    } catch (AssertionError e) {
      Set<String> missing = new java.util.TreeSet<>(confirmed);
      missing.removeAll(delivered);
      throw new AssertionError(e.getMessage() + "; missing " + missing.size() + " of " + confirmed.size() + ": " + missing);
    }
    probe.cancel();
  }

  private static boolean tryPublish(ComponentPubSubService service, String topic, String body) {
    try {
      service.publish(PublishRequest.of("ps", topic, body.getBytes(StandardCharsets.UTF_8), "text/plain"))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static void assertThatFailsWith(java.util.concurrent.CompletionStage<?> stage, ErrorCode code) {
    try {
      stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure with " + code);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(CapaException.class);
      assertThat(((CapaException) e.getCause()).errorCode()).isEqualTo(code);
    } catch (Exception e) {
      throw new AssertionError("expected a prompt failure with " + code + ", got " + e, e);
    }
  }
}
