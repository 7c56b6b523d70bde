package io.capa.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.TimerSpec;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.testkit.InMemoryActorService;
import io.capa.runtime.testkit.TestHttp;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The actor routes end to end: real sockets, the real handler, an in-memory ActorService. */
class ActorRoutesTest {
  private static final int LIMIT = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ActorTestKit kit;
  private static InMemoryActorService actors;
  private static RuntimeServers servers;
  private static TestHttp http;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create();
    actors = new InMemoryActorService("counter", "cart");
    var config = RuntimeConfig.load(
        "sidecar:\n  port: 0\n  metricsPort: 0\n  maxRequestBytes: " + LIMIT + "\n", "test.yaml");
    servers = RuntimeServers.start(kit.system(), new RuntimeServices(config, actors, new MetricsRegistry(), List.of()))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    http = new TestHttp(servers.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    kit.shutdownTestKit();
  }

  /** Whatever a test sent, the server must still answer afterwards. */
  @AfterEach
  void serverKeepsServing() {
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
  }

  @Test
  void invoke_returnsResultBytesAsJson() {
    HttpResponse<String> r = http.post("/v1.0/actors/counter/a/method/echo", "{\"by\": 2}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"by\": 2}");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(actors.lastInvocation.get().timeout()).isNull();
  }

  @Test
  void invoke_emptyResult_is200WithEmptyBody() {
    HttpResponse<String> r = http.post("/v1.0/actors/counter/a/method/nothing", "");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void invoke_acceptsEveryDaprVerb() {
    assertThat(http.put("/v1.0/actors/counter/a/method/echo", "1").body()).isEqualTo("1");
    assertThat(http.get("/v1.0/actors/counter/a/method/nothing").statusCode()).isEqualTo(200);
    assertThat(http.delete("/v1.0/actors/counter/a/method/nothing").statusCode()).isEqualTo(200);
  }

  @Test
  void invoke_decodesPathSegments() {
    http.post("/v1.0/actors/counter/a%20b%2Fc/method/echo", "");

    assertThat(actors.lastInvocation.get().actor()).isEqualTo(new ActorId("counter", "a b/c"));
  }

  @Test
  void invoke_capaTimeoutHeader_setsInvocationTimeout() {
    http.post("/v1.0/actors/counter/a/method/echo", "", "capa-timeout", "1500ms");
    assertThat(actors.lastInvocation.get().timeout()).isEqualTo(Duration.ofMillis(1500));

    http.post("/v1.0/actors/counter/a/method/echo", "", "capa-timeout", "PT2S");
    assertThat(actors.lastInvocation.get().timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void invoke_badTimeoutHeader_is400() {
    assertError(http.post("/v1.0/actors/counter/a/method/echo", "", "capa-timeout", "soon"),
        400, "ERR_INVALID_REQUEST", "capa-timeout header: invalid duration \"soon\"");
    assertError(http.post("/v1.0/actors/counter/a/method/echo", "", "capa-timeout", "0"),
        400, "ERR_INVALID_REQUEST", "timeout must be positive");
  }

  @Test
  void invoke_actorMethodFailed_carriesErrorType() {
    JsonNode body = assertError(http.post("/v1.0/actors/counter/a/method/fail", ""),
        500, "ERR_ACTOR_METHOD_FAILED", "the actor refused");

    assertThat(body.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void invoke_capaErrorsMapToTheirStatus() {
    assertError(http.post("/v1.0/actors/nope/a/method/echo", ""), 404, "ERR_ACTOR_TYPE_NOT_FOUND", "nope");
    assertError(http.post("/v1.0/actors/counter/a/method/other", ""), 404, "ERR_ACTOR_METHOD_NOT_FOUND", "other");
  }

  @Test
  void invoke_unexpectedFailures_are500Internal() {
    assertError(http.post("/v1.0/actors/counter/a/method/throw", ""), 500, "ERR_INTERNAL", "IllegalStateException");
    assertError(http.post("/v1.0/actors/counter/a/method/failRandomly", ""), 500, "ERR_INTERNAL",
        "UnsupportedOperationException");
  }

  @Test
  void state_transactionThenGet_roundTripsJsonValues() {
    ActorId actor = new ActorId("cart", "s1");
    HttpResponse<String> r = http.post("/v1.0/actors/cart/s1/state",
        "[{\"operation\":\"upsert\",\"request\":{\"key\":\"items\",\"value\":{\"apples\":3,\"price\":1.50}}},"
            + "{\"operation\":\"upsert\",\"request\":{\"key\":\"gone\",\"value\":\"x\"}},"
            + "{\"operation\":\"delete\",\"request\":{\"key\":\"gone\"}}]");

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(actors.stateText(actor, "items")).hasValue("{\"apples\":3,\"price\":1.50}");
    HttpResponse<String> get = http.get("/v1.0/actors/cart/s1/state/items");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("{\"apples\":3,\"price\":1.50}");
    assertThat(http.get("/v1.0/actors/cart/s1/state/gone").statusCode()).isEqualTo(204);
  }

  @Test
  void state_putTransaction_isAcceptedToo() {
    assertThat(http.put("/v1.0/actors/cart/s2/state", "[{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":null}}]")
        .statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/actors/cart/s2/state/k").body()).isEqualTo("null");
  }

  @Test
  void state_badBodies_areRejectedWithTheReason() {
    String path = "/v1.0/actors/cart/s3/state";
    assertError(http.post(path, "garbage"), 400, "ERR_MALFORMED_JSON", "invalid JSON at line 1, column");
    assertError(http.post(path, "[{\"operation\":\"upsert\""), 400, "ERR_MALFORMED_JSON", "invalid JSON");
    assertError(http.post(path, ""), 400, "ERR_MALFORMED_JSON", "the request body is empty");
    assertError(http.post(path, "{\"operation\":\"upsert\"}"), 400, "ERR_MALFORMED_JSON", "expected a JSON array");
    assertError(http.post(path, "[1]"), 400, "ERR_MALFORMED_JSON", "operation 0: expected a JSON object");
    assertError(http.post(path, "[] []"), 400, "ERR_MALFORMED_JSON", "invalid JSON");
    assertError(http.post(path, "[{\"operation\":\"merge\",\"request\":{\"key\":\"k\"}}]"),
        400, "ERR_INVALID_REQUEST", "unknown operation \"merge\"");
    assertError(http.post(path, "[{\"operation\":\"delete\",\"request\":{}}]"),
        400, "ERR_INVALID_REQUEST", "state key must not be empty");
    assertError(http.post(path, "[{\"operation\":\"upsert\",\"request\":{\"key\":\"k\"}}]"),
        400, "ERR_INVALID_REQUEST", "has no value");
    assertError(http.post(path, "[{\"operation\":\"delete\",\"request\":{\"key\":7}}]"),
        400, "ERR_MALFORMED_JSON", "request.key: expected a string");
    assertError(http.post(path, "[{\"operation\":\"delete\",\"request\":{\"key\":\"a\",\"key\":\"b\"}}]"),
        400, "ERR_MALFORMED_JSON", "Duplicate field");
  }

  @Test
  void reminders_registerGetListDelete() throws Exception {
    String path = "/v1.0/actors/counter/r1/reminders/tick";
    HttpResponse<String> put = http.post(path,
        "{\"dueTime\":\"10s\",\"period\":\"R5/PT1S\",\"ttl\":\"1h\",\"data\":{\"n\":1},"
            + "\"failurePolicy\":{\"constant\":{\"maxRetries\":3,\"interval\":\"1s\"}}}");
    assertThat(put.statusCode()).isEqualTo(204);

    HttpResponse<String> get = http.get(path);
    assertThat(get.statusCode()).isEqualTo(200);
    JsonNode r = JSON.readTree(get.body());
    assertThat(r.get("name").asText()).isEqualTo("tick");
    assertThat(r.get("actorType").asText()).isEqualTo("counter");
    assertThat(r.get("actorId").asText()).isEqualTo("r1");
    assertThat(r.get("dueTime").asText()).isEqualTo("10s");
    assertThat(r.get("period").asText()).isEqualTo("R5/PT1S");
    assertThat(r.get("ttl").asText()).isEqualTo("1h");
    assertThat(r.get("data")).isEqualTo(JSON.readTree("{\"n\":1}"));
    assertThat(r.get("failurePolicy").get("constant").get("maxRetries").asInt()).isEqualTo(3);
    assertThat(Duration.parse(r.get("failurePolicy").get("constant").get("interval").asText())).isEqualTo(Duration.ofSeconds(1));
    assertThat(java.time.Instant.parse(r.get("registeredAt").asText())).isNotNull();
    assertThat(r.get("nextFire").isTextual()).isTrue();
    assertThat(r.get("fired").asLong()).isZero();

    http.put("/v1.0/actors/counter/r2/reminders/other", "{\"dueTime\":\"1m\"}");
    assertThat(names(http.get("/v1.0/actors/counter/r1/reminders"))).containsExactly("tick");
    assertThat(names(http.get("/v1.0/actors/counter/reminders"))).containsExactlyInAnyOrder("tick", "other");

    assertThat(http.delete(path).statusCode()).isEqualTo(204);
    assertError(http.get(path), 404, "ERR_REMINDER_NOT_FOUND", "tick");
    assertThat(http.delete(path).statusCode()).isEqualTo(204);
  }

  @Test
  void reminders_defaultsToDropAndNoData() throws Exception {
    http.post("/v1.0/actors/counter/r3/reminders/plain", "{\"period\":\"@every 10s\"}");

    JsonNode r = JSON.readTree(http.get("/v1.0/actors/counter/r3/reminders/plain").body());
    assertThat(r.get("failurePolicy").has("drop")).isTrue();
    assertThat(r.get("data").isNull()).isTrue();
    assertThat(r.get("dueTime").asText()).isEmpty();
  }

  @Test
  void reminders_constantPolicyWithoutMaxRetries_retriesWithoutBound() throws Exception {
    http.post("/v1.0/actors/counter/r4/reminders/p", "{\"failurePolicy\":{\"constant\":{\"interval\":\"2s\"}}}");

    JsonNode r = JSON.readTree(http.get("/v1.0/actors/counter/r4/reminders/p").body());
    assertThat(r.get("failurePolicy").get("constant").get("maxRetries").asInt()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void reminders_badBodies_areRejected() {
    String path = "/v1.0/actors/counter/r5/reminders/x";
    assertError(http.post(path, "{\"dueTime\":"), 400, "ERR_MALFORMED_JSON", "invalid JSON");
    assertError(http.post(path, "[]"), 400, "ERR_MALFORMED_JSON", "expected a JSON object");
    assertError(http.post(path, "{\"dueTime\":10}"), 400, "ERR_MALFORMED_JSON", "dueTime: expected a string");
    assertError(http.post(path, "{\"failurePolicy\":{\"bogus\":{}}}"), 400, "ERR_MALFORMED_JSON", "failurePolicy");
    assertError(http.post(path, "{\"failurePolicy\":{\"constant\":{\"interval\":\"often\"}}}"),
        400, "ERR_INVALID_SCHEDULE", "failurePolicy.constant.interval");
    assertError(http.post(path, "{\"failurePolicy\":{\"constant\":{\"maxRetries\":-1,\"interval\":\"1s\"}}}"),
        400, "ERR_INVALID_REQUEST", "maxRetries must not be negative");
    assertError(http.post(path, "{\"dueTime\":\"never\"}"), 400, "ERR_INVALID_SCHEDULE", "never");
    assertError(http.get(path), 404, "ERR_REMINDER_NOT_FOUND", "x");
  }

  @Test
  void timers_registerAndDelete() {
    ActorId actor = new ActorId("counter", "t1");
    HttpResponse<String> r = http.post("/v1.0/actors/counter/t1/timers/beat",
        "{\"dueTime\":\"1s\",\"period\":\"5s\",\"callback\":\"onBeat\",\"data\":[1,2]}");

    assertThat(r.statusCode()).isEqualTo(204);
    TimerSpec timer = actors.timer(actor, "beat").orElseThrow();
    assertThat(timer.callback()).isEqualTo("onBeat");
    assertThat(new String(timer.data(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
    assertThat(timer.period()).isEqualTo("5s");
    assertThat(http.delete("/v1.0/actors/counter/t1/timers/beat").statusCode()).isEqualTo(204);
    assertThat(actors.timer(actor, "beat")).isEmpty();
  }

  @Test
  void timers_withoutCallback_is400() {
    assertError(http.post("/v1.0/actors/counter/t2/timers/beat", "{\"period\":\"5s\"}"),
        400, "ERR_INVALID_REQUEST", "timer callback must not be empty");
    assertError(http.post("/v1.0/actors/counter/t2/timers/beat", "nope"), 400, "ERR_MALFORMED_JSON", "invalid JSON");
    assertError(http.put("/v1.0/actors/counter/t2/timers/beat", "{\"callback\":\"x\""), 400, "ERR_MALFORMED_JSON",
        "invalid JSON at line 1");
    assertError(http.post("/v1.0/actors/counter/t2/timers/beat", "{\"callback\":[\"x\"]}"), 400, "ERR_MALFORMED_JSON",
        "callback: expected a string, got array");
  }

  @Test
  void body_overLimit_is413() {
    byte[] big = new byte[LIMIT + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    String bigText = new String(big, StandardCharsets.US_ASCII);

    assertError(http.post("/v1.0/actors/counter/a/method/echo", bigText), 413, "ERR_PAYLOAD_TOO_LARGE",
        "exceeds the limit of " + LIMIT);
    assertError(http.postChunked("/v1.0/actors/counter/a/method/echo", big), 413, "ERR_PAYLOAD_TOO_LARGE",
        "exceeds the limit of " + LIMIT);
    assertError(http.post("/v1.0/actors/cart/a/state", bigText), 413, "ERR_PAYLOAD_TOO_LARGE", "limit");
  }

  @Test
  void body_atLimit_isAccepted() {
    byte[] exact = new byte[LIMIT];
    java.util.Arrays.fill(exact, (byte) '7');

    HttpResponse<String> r = http.postChunked("/v1.0/actors/counter/a/method/echo", exact);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(LIMIT);
  }

  @Test
  void unknownRoutes_are404() {
    assertError(http.get("/v1.0/actors/counter/a"), 404, "ERR_ROUTE_NOT_FOUND", "GET /v1.0/actors/counter/a");
    assertError(http.post("/v1.0/actors/counter/a/method/", ""), 404, "ERR_ROUTE_NOT_FOUND", "no route");
    assertError(http.get("/v1.0/state/store/key"), 404, "ERR_ROUTE_NOT_FOUND", "no route");
    assertError(http.get("/"), 404, "ERR_ROUTE_NOT_FOUND", "no route");
    assertError(http.post("/v2/anything", "{\"x\":1}"), 404, "ERR_ROUTE_NOT_FOUND", "no route");
  }

  @Test
  void wrongMethod_is405WithAllowHeader() {
    HttpResponse<String> r = http.send("PATCH", "/v1.0/actors/counter/a/method/echo", BodyPublishers.ofString("{}"));
    assertError(r, 405, "ERR_METHOD_NOT_ALLOWED", "PATCH");
    assertThat(r.headers().firstValue("Allow").orElseThrow()).contains("POST", "PUT", "GET", "DELETE");

    assertError(http.post("/v1.0/actors/cart/a/state/k", "{}"), 405, "ERR_METHOD_NOT_ALLOWED", "POST");
    assertError(http.get("/v1.0/actors/cart/a/state"), 405, "ERR_METHOD_NOT_ALLOWED", "GET");
    assertError(http.get("/v1.0/actors/cart/a/timers/t"), 405, "ERR_METHOD_NOT_ALLOWED", "GET");
    assertError(http.post("/v1.0/healthz", ""), 405, "ERR_METHOD_NOT_ALLOWED", "POST");
    assertError(http.delete("/v1.0/metadata"), 405, "ERR_METHOD_NOT_ALLOWED", "DELETE");
  }

  @Test
  void invalidActorType_is400() {
    assertError(http.get("/v1.0/actors/a%2Fb/x/state/k"), 400, "ERR_INVALID_REQUEST", "must not contain '/'");
  }

  private static List<String> names(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    try {
      JsonNode array = JSON.readTree(r.body());
      assertThat(array.isArray()).isTrue();
      List<String> out = new java.util.ArrayList<>();
      array.forEach(n -> out.add(n.get("name").asText()));
      return out;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode assertError(HttpResponse<String> r, int status, String code, String messagePart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    try {
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("errorCode").asText()).isEqualTo(code);
      assertThat(body.get("message").asText()).contains(messagePart);
      return body;
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }
}
