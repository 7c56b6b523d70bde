package io.capa.pubsub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.actors.ActorService;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.components.testkit.MapComponents;
import io.capa.pubsub.Probe;
import io.capa.pubsub.api.ComponentPubSubService;
import io.capa.pubsub.internal.InMemoryPubSubFactory;
import io.capa.pubsub.spi.PubSubBroker;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.blocks.PubSubHttp;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PubSubHttp} over real sockets: the runtime's HTTP API with the publish routes plugged in,
 * over the in-memory broker. Every test ends by checking that a publish still goes through.
 */
class PubSubHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBSUB = "pubsub";
  private static final String APP = "http-app";

  private static ActorSystem<Void> system;
  private static ScheduledExecutorService scheduler;
  private static ExecutorService blocking;
  private static PubSubBroker broker;
  private static ComponentPubSubService service;
  private static RuntimeServers servers;
  private static HttpClient client;
  private final String topic = "t-" + UUID.randomUUID().toString().substring(0, 8);
  private Probe<TopicMessage> probe;

  @BeforeAll
  static void start() throws Exception {
    scheduler = Executors.newScheduledThreadPool(2);
    blocking = Executors.newCachedThreadPool();
    ComponentSpec spec = new ComponentSpec(PUBSUB, "pubsub.in-memory", "v1", Map.of(), List.of(), Optional.empty(),
        Path.of("pubsub.yaml"), 1);
    broker = (PubSubBroker) new InMemoryPubSubFactory().create(new ComponentConfig(spec, Map.of()),
        new ComponentContext(APP, blocking, scheduler, Files.createTempDirectory("pubsub-http")));
    service = new ComponentPubSubService(new MapComponents().put(PUBSUB, broker), APP, scheduler);
    system = ActorSystem.create(Behaviors.empty(), "pubsub-http");
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    ActorService noActors = (ActorService) Proxy.newProxyInstance(PubSubHttpTest.class.getClassLoader(),
        new Class<?>[] {ActorService.class}, (p, m, a) -> {
          throw new UnsupportedOperationException("no actors in this test");
        });
    RuntimeServices services = new RuntimeServices(config, noActors, new MetricsRegistry(), List.of())
        .withHttpRoutes(List.<HttpRoutes>of(new PubSubHttp(service)));
    servers = RuntimeServers.start(system, services).toCompletableFuture().get(20, TimeUnit.SECONDS);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() throws Exception {
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    broker.close();
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }

  @AfterEach
  void stillServes() {
    if (probe != null) {
      probe.cancel();
    }
    String other = "after-" + UUID.randomUUID();
    assertThat(post("/v1.0/publish/" + PUBSUB + "/" + other, "{}", "application/json").statusCode()).isEqualTo(204);
  }

  private Probe<TopicMessage> subscribe(Map<String, String> metadata) {
    probe = new Probe<>(TopicMessage::ack);
    service.subscribe(new Subscription(PUBSUB, topic, Optional.empty(), metadata)).subscribe(probe);
    // The in-memory broker takes the subscription on a blocking thread; wait for it with markers.
    Probe.await("subscription active", Duration.ofSeconds(10), () -> {
      post("/v1.0/publish/" + PUBSUB + "/" + topic, "\"marker\"", "application/json");
      sleepBriefly();
      return !probe.received.isEmpty();
    });
    probe.received.clear();
    return probe;
  }

  @Test
  void publish_json_isDeliveredAsCloudEventWithContentType() {
    Probe<TopicMessage> p = subscribe(Map.of());
    HttpResponse<String> r = post("/v1.0/publish/" + PUBSUB + "/" + topic, "{\"order\":7}", "application/json");
    assertThat(r.statusCode()).isEqualTo(204);
    Probe.await("delivery", Duration.ofSeconds(10), () -> !p.received.isEmpty());
    TopicMessage m = p.received.get(0);
    assertThat(m.dataContentType()).isEqualTo("application/json");
    assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":7}");
    assertThat(m.source()).isEqualTo(APP);
  }

  @Test
  void publish_rawPayloadGarbage_arrivesByteForByte() throws Exception {
    Probe<TopicMessage> p = subscribe(Map.of("rawPayload", "true"));
    byte[] garbage = {(byte) 0xc3, 0x28, 0, (byte) 0xff, '{', '"'};
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/v1.0/publish/" + PUBSUB + "/" + topic
            + "?metadata.rawPayload=true"))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(garbage)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    Probe.await("delivery", Duration.ofSeconds(10), () -> !p.received.isEmpty());
    assertThat(p.received.get(0).data()).isEqualTo(garbage);
  }

  @Test
  void publish_garbageDeclaredAsJson_isPublishedAsBase64AndArrivesWhole() {
    Probe<TopicMessage> p = subscribe(Map.of());
    HttpResponse<String> r = post("/v1.0/publish/" + PUBSUB + "/" + topic, "{not json", "application/json");
    assertThat(r.statusCode()).isEqualTo(204);
    Probe.await("delivery", Duration.ofSeconds(10), () -> !p.received.isEmpty());
    assertThat(new String(p.received.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("{not json");
  }

  @Test
  void publish_cloudEventsContentTypeWithGarbage_isRefused() throws Exception {
    HttpResponse<String> r = post("/v1.0/publish/" + PUBSUB + "/" + topic, "[1,2", "application/cloudevents+json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("errorCode").asText()).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains("cloudevents+json");
  }

  @Test
  void publish_unknownPubsub_is404PubsubNotFound() throws Exception {
    HttpResponse<String> r = post("/v1.0/publish/nope/" + topic, "{}", "application/json");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("errorCode").asText()).isEqualTo("ERR_PUBSUB_NOT_FOUND");
    assertThat(body.get("message").asText()).contains("nope");
  }

  @Test
  void publish_get_isMethodNotAllowed() {
    HttpResponse<String> r = send("GET", "/v1.0/publish/" + PUBSUB + "/" + topic, null, null);
    assertThat(r.statusCode()).isEqualTo(405);
  }

  @Test
  void bulk_threeEntries_allDelivered() {
    Probe<TopicMessage> p = subscribe(Map.of());
    String body = "[{\"entryId\":\"1\",\"event\":{\"a\":1},\"contentType\":\"application/json\"},"
        + "{\"entryId\":\"2\",\"event\":\"hello\",\"contentType\":\"text/plain\"},"
        + "{\"entryId\":\"3\",\"event\":[1,2],\"contentType\":\"application/json\",\"metadata\":{\"k\":\"v\"}}]";
    HttpResponse<String> r = post("/v1.0-alpha1/publish/bulk/" + PUBSUB + "/" + topic, body, "application/json");
    assertThat(r.statusCode()).isEqualTo(204);
    Probe.await("three deliveries", Duration.ofSeconds(10), () -> p.received.size() >= 3);
    assertThat(p.received).extracting(m -> new String(m.data(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("{\"a\":1}", "hello", "[1,2]");
  }

  @Test
  void bulk_garbageBodies_sayWhatIsWrong() throws Exception {
    String path = "/v1.0-alpha1/publish/bulk/" + PUBSUB + "/" + topic;
    Map<String, String> cases = Map.of(
        "{oops", "not JSON",
        "{}", "array",
        "[]", "array",
        "[42]", "entry 0: must be an object",
        "[{\"event\":1}]", "entry 0: entryId",
        "[{\"entryId\":\"a\"}]", "entry 0: event is missing",
        "[{\"entryId\":\"a\",\"event\":1},{\"entryId\":\"a\",\"event\":2}]", "appears more than once",
        "[{\"entryId\":\"a\",\"event\":1,\"metadata\":{\"k\":5}}]", "metadata.k");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = post(path, c.getKey(), "application/json");
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("message").asText()).as(c.getKey()).contains(c.getValue());
    }
  }

  @Test
  void bulk_unknownPubsub_is404() throws Exception {
    HttpResponse<String> r = post("/v1.0-alpha1/publish/bulk/nope/" + topic, "[{\"entryId\":\"a\",\"event\":1}]",
        "application/json");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("errorCode").asText()).isEqualTo("ERR_PUBSUB_NOT_FOUND");
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + servers.httpPort() + path);
  }

  private static HttpResponse<String> post(String path, String body, String contentType) {
    return send("POST", path, body, contentType);
  }

  private static HttpResponse<String> send(String method, String path, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
