package io.capa.pubsub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.testkit.MapComponents;
import io.capa.pubsub.Probe;
import io.capa.pubsub.internal.InMemoryPubSubFactory;
import io.capa.pubsub.spi.PubSubBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The building block's routing, errors and reload following, over in-memory brokers. */
class ComponentPubSubServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private ScheduledExecutorService scheduler;
  private ExecutorService blocking;
  private MapComponents components;
  private ComponentPubSubService service;

  @BeforeEach
  void setUp() throws Exception {
    scheduler = Executors.newScheduledThreadPool(2);
    blocking = Executors.newCachedThreadPool();
    components = new MapComponents().put("ps", broker());
    service = new ComponentPubSubService(components, "app", scheduler);
  }

  private PubSubBroker broker() throws Exception {
    ComponentSpec spec = new ComponentSpec("ps", "pubsub.in-memory", "v1", Map.of(), List.of(), Optional.empty(),
        Path.of("ps.yaml"), 1);
    return (PubSubBroker) new InMemoryPubSubFactory().create(new ComponentConfig(spec, Map.of()),
        new ComponentContext("app", blocking, scheduler, Files.createTempDirectory("svc")));
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }

  @Test
  void publish_unknownPubsub_failsComponentNotFound() {
    assertThat(errorOf(service.publish(PublishRequest.of("nope", "t", new byte[0], "text/plain"))))
        .isEqualTo(ErrorCode.COMPONENT_NOT_FOUND);
  }

  @Test
  void publish_cloudEventsContentTypeNotAnObject_failsInvalidRequest() {
    assertThat(errorOf(service.publish(PublishRequest.of("ps", "t", "[1]".getBytes(StandardCharsets.UTF_8),
        "application/cloudevents+json")))).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void subscribe_badRetryMetadata_endsWithInvalidRequestNamingIt() {
    Probe<TopicMessage> probe = new Probe<>(m -> {});
    service.subscribe(new Subscription("ps", "t", Optional.empty(), Map.of("maxRetries", "many"))).subscribe(probe);
    Probe.await("the error", WAIT, () -> probe.error != null);
    assertThat(((CapaException) probe.error).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(probe.error.getMessage()).contains("maxRetries").contains("many");
  }

  @Test
  void subscribe_unknownPubsub_endsWithComponentNotFound() {
    Probe<TopicMessage> probe = new Probe<>(m -> {});
    service.subscribe(Subscription.of("nope", "t")).subscribe(probe);
    Probe.await("the error", WAIT, () -> probe.error != null);
    assertThat(((CapaException) probe.error).errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND);
  }

  @Test
  void publish_cloudEventsBody_keepsItsIdAndAttributes() {
    Probe<TopicMessage> probe = subscribed("ce");
    String body = "{\"specversion\":\"1.0\",\"id\":\"my-id\",\"source\":\"elsewhere\",\"type\":\"order.created\","
        + "\"datacontenttype\":\"text/plain\",\"data\":\"hi\",\"myext\":\"x\"}";
    String id = join(service.publish(PublishRequest.of("ps", "ce", body.getBytes(StandardCharsets.UTF_8),
        "application/cloudevents+json")));
    assertThat(id).isEqualTo("my-id");
    Probe.await("delivery", WAIT, () -> probe.received.stream().anyMatch(m -> m.id().equals("my-id")));
    TopicMessage m = probe.received.stream().filter(x -> x.id().equals("my-id")).findFirst().orElseThrow();
    assertThat(m.source()).isEqualTo("elsewhere");
    assertThat(m.type()).isEqualTo("order.created");
    assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("hi");
    assertThat(m.extensions()).containsEntry("myext", "x");
  }

  @Test
  void subscribe_componentReloaded_followsTheNewInstance() throws Exception {
    Probe<TopicMessage> probe = subscribed("reload");
    components.reload("ps", broker());
    Probe.await("delivery from the new instance", WAIT, () -> {
      join(service.publish(PublishRequest.of("ps", "reload", "after".getBytes(StandardCharsets.UTF_8), "text/plain")));
      sleep(50);
      return probe.received.stream().anyMatch(m -> new String(m.data(), StandardCharsets.UTF_8).equals("after"));
    });
    assertThat(probe.error).isNull();
  }

  private Probe<TopicMessage> subscribed(String topic) {
    Probe<TopicMessage> probe = new Probe<>(TopicMessage::ack);
    service.subscribe(Subscription.of("ps", topic)).subscribe(probe);
    Probe.await("subscription active", WAIT, () -> {
      join(service.publish(PublishRequest.of("ps", topic, "warm".getBytes(StandardCharsets.UTF_8), "text/plain")));
      sleep(50);
      return !probe.received.isEmpty();
    });
    return probe;
  }

  private static ErrorCode errorOf(java.util.concurrent.CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return ((CapaException) e.getCause()).errorCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> s) {
    try {
      return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
