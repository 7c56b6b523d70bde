package io.capa.pubsub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.testkit.MapComponents;
import io.capa.pubsub.Probe;
import io.capa.pubsub.internal.InMemoryPubSubFactory;
import io.capa.pubsub.spi.PubSubBroker;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions run into an app's HTTP routes (a real HTTP server) and into actor methods. */
class SubscriptionTargetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  private ScheduledExecutorService scheduler;
  private ExecutorService blocking;
  private PubSubBroker broker;
  private ComponentPubSubService service;
  private HttpServer app;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    scheduler = Executors.newScheduledThreadPool(2);
    blocking = Executors.newCachedThreadPool();
    ComponentSpec spec = new ComponentSpec("ps", "pubsub.in-memory", "v1", Map.of(), List.of(), Optional.empty(),
        Path.of("ps.yaml"), 1);
    broker = (PubSubBroker) new InMemoryPubSubFactory().create(new ComponentConfig(spec, Map.of()),
        new ComponentContext("app", blocking, scheduler, Files.createTempDirectory("targets")));
    service = new ComponentPubSubService(new MapComponents().put("ps", broker), "app", scheduler);
    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.setExecutor(blocking);
    route("/ok", 200, "{\"status\":\"SUCCESS\"}");
    route("/empty", 200, "");
    route("/retry", 200, "{\"status\":\"RETRY\"}");
    route("/drop", 200, "{\"status\":\"DROP\"}");
    route("/fails", 500, "boom");
    route("/garbage", 200, "<<not json");
    app.start();
  }

  private void route(String path, int status, String body) {
    app.createContext(path, exchange -> {
      byte[] in = exchange.getRequestBody().readAllBytes();
      JsonNode event = JSON.readTree(in);
      ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("route", path);
      received.add(event);
      byte[] out = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    app.stop(0);
    broker.close();
    scheduler.shutdownNow();
    blocking.shutdownNow();
    blocking.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Runs {@code route} for topic {@code t}, with dead letters to {@code t-dead}; returns the dead-letter probe. */
  private Probe<TopicMessage> run(String t, String path) {
    Probe<TopicMessage> dead = new Probe<>(TopicMessage::ack);
    open.add(dead::cancel);
    service.subscribe(Subscription.of("ps", t + "-dead")).subscribe(dead);
    Subscription sub = new Subscription("ps", t, Optional.of(t + "-dead"), Map.of("maxRetries", "2", "retryBackoff", "20ms"));
    open.add(SubscriptionRunner.start(service, sub,
        new HttpRouteTarget("127.0.0.1", app.getAddress().getPort(), path, Duration.ofSeconds(5), blocking), 4));
    return dead;
  }

  /** Publishes until the in-memory groups exist (they are created on a blocking thread), then once for real. */
  private String publishWhenSubscribed(String t) {
    Probe.await("subscriptions active", WAIT, () -> {
      join(service.publish(PublishRequest.of("ps", t, "warm".getBytes(StandardCharsets.UTF_8), "text/plain")));
      sleep(50);
      return !received.isEmpty();
    });
    sleep(100);
    received.clear();
    return join(service.publish(PublishRequest.of("ps", t, "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
        "application/json")));
  }

  private List<JsonNode> calls(String id) {
    return received.stream().filter(e -> e.get("id").asText().equals(id)).toList();
  }

  @Test
  void httpRoute_success_postsTheCloudEvent() {
    Probe<TopicMessage> dead = run("ok", "ok");
    String id = publishWhenSubscribed("ok");
    Probe.await("delivery", WAIT, () -> !calls(id).isEmpty());
    JsonNode e = calls(id).get(0);
    assertThat(e.get("specversion").asText()).isEqualTo("1.0");
    assertThat(e.get("data").get("n").asInt()).isEqualTo(1);
    assertThat(e.get("topic").asText()).isEqualTo("ok");
    assertThat(dead.received).noneMatch(m -> m.id().equals(id));
  }

  @Test
  void httpRoute_emptyOrUnreadableAnswers_areSuccess() {
    assertThat(HttpRouteTarget.settlement(response(200, ""))).isEqualTo(Settlement.SUCCESS);
    assertThat(HttpRouteTarget.settlement(response(204, ""))).isEqualTo(Settlement.SUCCESS);
    assertThat(HttpRouteTarget.settlement(response(200, "<<not json"))).isEqualTo(Settlement.SUCCESS);
    assertThat(HttpRouteTarget.settlement(response(200, "{\"status\":\"retry\"}"))).isEqualTo(Settlement.RETRY);
    assertThat(HttpRouteTarget.settlement(response(404, ""))).isEqualTo(Settlement.DROP);
    assertThat(HttpRouteTarget.settlement(response(503, "{\"status\":\"SUCCESS\"}"))).isEqualTo(Settlement.RETRY);
  }

  @Test
  void httpRoute_retryAnswers_areRetriedThenDeadLettered() {
    Probe<TopicMessage> dead = run("rt", "retry");
    String id = publishWhenSubscribed("rt");
    Probe.await("dead letter", WAIT, () -> dead.received.stream().anyMatch(m -> m.id().equals(id)));
    assertThat(calls(id)).hasSize(3);
  }

  @Test
  void httpRoute_serverErrors_areRetriedThenDeadLettered() {
    Probe<TopicMessage> dead = run("err", "fails");
    String id = publishWhenSubscribed("err");
    Probe.await("dead letter", WAIT, () -> dead.received.stream().anyMatch(m -> m.id().equals(id)));
    assertThat(calls(id)).hasSize(3);
  }

  @Test
  void httpRoute_unknownRoute_dropsToDeadLetterAtOnce() {
    Probe<TopicMessage> dead = run("nf", "no-such-route");
    Probe.await("subscriptions active", WAIT, () -> {
      join(service.publish(PublishRequest.of("ps", "nf", "warm".getBytes(StandardCharsets.UTF_8), "text/plain")));
      sleep(50);
      return !dead.received.isEmpty();
    });
  }

  @Test
  void httpRoute_dropAnswer_deadLettersOnce() {
    Probe<TopicMessage> dead = run("dr", "drop");
    String id = publishWhenSubscribed("dr");
    Probe.await("dead letter", WAIT, () -> dead.received.stream().anyMatch(m -> m.id().equals(id)));
    assertThat(calls(id)).hasSize(1);
  }

  @Test
  void actorMethod_outcomes_mapToSettlements() {
    List<ActorInvocation> calls = new CopyOnWriteArrayList<>();
    ActorService ok = actors(calls, null);
    TopicMessage m = new TopicMessage("id1", "src", "t", "1.0", "application/json", Optional.of("cart-7"),
        Optional.empty(), "{}".getBytes(StandardCharsets.UTF_8), "orders", "ps", Map.of(), s -> CompletableFuture.completedFuture(null));
    ActorMethodTarget target = new ActorMethodTarget(ok, "Cart", "onOrder", msg -> msg.subject().orElseThrow());
    assertThat(join(target.deliver(m))).isEqualTo(Settlement.SUCCESS);
    assertThat(calls).singleElement().satisfies(c -> {
      assertThat(c.actor().type()).isEqualTo("Cart");
      assertThat(c.actor().id()).isEqualTo("cart-7");
      assertThat(c.method()).isEqualTo("onOrder");
      assertThat(new String(c.payload(), StandardCharsets.UTF_8)).contains("\"id\":\"id1\"");
    });
    assertThat(join(new ActorMethodTarget(actors(calls, new CapaException(ErrorCode.ACTOR_METHOD_NOT_FOUND, "no")),
        "Cart", "x", msg -> "c").deliver(m))).isEqualTo(Settlement.DROP);
    assertThat(join(new ActorMethodTarget(actors(calls, new CapaException(ErrorCode.ACTOR_METHOD_FAILED, "boom")),
        "Cart", "x", msg -> "c").deliver(m))).isEqualTo(Settlement.RETRY);
  }

  private static ActorService actors(List<ActorInvocation> calls, RuntimeException failure) {
    return (ActorService) Proxy.newProxyInstance(SubscriptionTargetsTest.class.getClassLoader(),
        new Class<?>[] {ActorService.class}, (p, method, args) -> {
          if (!method.getName().equals("invoke")) {
            throw new UnsupportedOperationException(method.getName());
          }
          calls.add((ActorInvocation) args[0]);
          return failure == null ? CompletableFuture.completedFuture(new byte[0]) : CompletableFuture.failedFuture(failure);
        });
  }

  @SuppressWarnings("unchecked") // a proxy of the raw interface
  private static java.net.http.HttpResponse<byte[]> response(int status, String body) {
    return (java.net.http.HttpResponse<byte[]>) Proxy.newProxyInstance(SubscriptionTargetsTest.class.getClassLoader(),
        new Class<?>[] {java.net.http.HttpResponse.class}, (p, method, args) -> switch (method.getName()) {
          case "statusCode" -> status;
          case "body" -> body.getBytes(StandardCharsets.UTF_8);
          default -> throw new UnsupportedOperationException(method.getName());
        });
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
