package io.capa.dist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.dist.HttpFixture;
import io.capa.dist.HttpFixture.Response;
import io.capa.runtime.api.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher's wiring end to end over real HTTP: one node in this JVM on ephemeral ports, H2 in a
 * temporary data directory, the example Counter and the test's Faulty actor types.
 */
class NodeHttpTest {
  static final String KEEP = "/v1.0/actors/Counter/keep";
  static Node node;
  static HttpFixture http;
  static HttpFixture metrics;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-http");
    String yaml =
        String.join(
            "\n",
            "dataDir: " + dir.resolve("data"),
            "sidecar:",
            "  port: 0",
            "  metricsPort: 0",
            "  grpcPort: 0",
            "  maxRequestBytes: 64KiB",
            "cluster:",
            "  port: 0",
            "");
    node = Node.start(RuntimeConfig.load(yaml, "test.yaml"));
    http = new HttpFixture(node.httpPort(), Duration.ofSeconds(30));
    metrics = new HttpFixture(node.metricsPort(), Duration.ofSeconds(30));
    // State every bad-input test checks afterwards: it must survive each of them.
    assertThat(http.invoke("Counter", "keep", "increment", "10").asLong()).isEqualTo(10);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  /** After every test: the node still serves, and the state saved before is intact. */
  @AfterEach
  void stillServingWithStateIntact() throws Exception {
    assertThat(http.get("/v1.0/healthz").status()).isEqualTo(204);
    assertThat(http.get(KEEP + "/state/value").body()).isEqualTo("10");
    assertThat(http.invoke("Counter", "keep", "get", "").asLong()).isEqualTo(10);
  }

  @Test
  void increment_thenGet_returnsRunningTotal() throws Exception {
    assertThat(http.invoke("Counter", "inc", "increment", "5").asLong()).isEqualTo(5);
    assertThat(http.invoke("Counter", "inc", "increment", "").asLong()).isEqualTo(6);
    assertThat(http.invoke("Counter", "inc", "get", "").asLong()).isEqualTo(6);
    assertThat(http.get("/v1.0/actors/Counter/inc/state/value").body()).isEqualTo("6");
    assertThat(http.get("/v1.0/actors/Counter/inc/state/other").status()).isEqualTo(204);
  }

  @Test
  void stateTransaction_upsertAndDelete_visibleToActor() throws Exception {
    String ops =
        "[{\"operation\":\"upsert\",\"request\":{\"key\":\"value\",\"value\":41}},"
            + "{\"operation\":\"upsert\",\"request\":{\"key\":\"note\",\"value\":\"x\"}}]";
    assertThat(http.post("/v1.0/actors/Counter/tx/state", ops).status()).isEqualTo(204);
    assertThat(http.get("/v1.0/actors/Counter/tx/state/note").body()).isEqualTo("\"x\"");
    assertThat(http.invoke("Counter", "tx", "increment", "").asLong()).isEqualTo(42);
    String delete = "[{\"operation\":\"delete\",\"request\":{\"key\":\"note\"}}]";
    assertThat(http.post("/v1.0/actors/Counter/tx/state", delete).status()).isEqualTo(204);
    assertThat(http.get("/v1.0/actors/Counter/tx/state/note").status()).isEqualTo(204);
    assertThat(http.get("/v1.0/actors/Counter/tx/state/value").body()).isEqualTo("42");
  }

  @Test
  void reminder_threeRepetitions_firesExactlyThreeTimes() throws Exception {
    Response r = http.post("/v1.0/actors/Counter/rem/reminders/tick", "{\"dueTime\":\"0s\",\"period\":\"R3/PT0.2S\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    awaitValue("rem", 3, Duration.ofSeconds(60));
    Thread.sleep(1500); // three periods more: a fourth firing would show by now
    assertThat(http.invoke("Counter", "rem", "get", "").asLong()).isEqualTo(3);
  }

  @Test
  void getReminder_registered_returnsItsSchedule() throws Exception {
    String path = "/v1.0/actors/Counter/remget/reminders/later";
    assertThat(http.post(path, "{\"dueTime\":\"1h\",\"period\":\"10m\",\"data\":{\"a\":1}}").status()).isEqualTo(204);
    Response r = http.get(path);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("\"name\":\"later\"", "\"actorId\":\"remget\"", "\"dueTime\":\"1h\"", "\"period\":\"10m\"");
    assertThat(http.get("/v1.0/actors/Counter/remget/reminders/absent").errorCode()).isEqualTo("ERR_REMINDER_NOT_FOUND");
    assertThat(http.invoke("Counter", "remget", "get", "").asLong()).isZero();
  }

  @Test
  void timer_withCallback_callsMethodOnce() throws Exception {
    Response r = http.post("/v1.0/actors/Counter/tim/timers/once", "{\"dueTime\":\"0s\",\"callback\":\"increment\",\"data\":7}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    awaitValue("tim", 7, Duration.ofSeconds(60));
    Thread.sleep(500);
    assertThat(http.invoke("Counter", "tim", "get", "").asLong()).isEqualTo(7);
  }

  @Test
  void metadata_afterCalls_listsCounterWithCount() throws Exception {
    http.invoke("Counter", "meta", "increment", "");
    Response r = http.get("/v1.0/metadata");
    assertThat(r.status()).isEqualTo(200);
    Matcher m = Pattern.compile("\\{\"type\":\"Counter\",\"count\":(\\d+)\\}").matcher(r.body());
    assertThat(m.find()).as(r.body()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(2); // keep and meta at least
    assertThat(r.body()).contains("\"type\":\"Faulty\"");
  }

  @Test
  void healthz_nodeUp_answers204() throws Exception {
    Response r = http.get("/v1.0/healthz");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
  }

  @Test
  void metrics_afterTraffic_exposesActorAndReminderFamilies() throws Exception {
    http.invoke("Counter", "metrics", "increment", "");
    Response r = metrics.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "capa_actors_active",
            "capa_actor_invocations_total{actor_type=\"Counter\",method=\"increment\"}",
            "capa_actor_invocation_seconds",
            "capa_actor_turn_errors_total",
            "capa_reminders_registered",
            "capa_reminders_fired_total",
            "capa_reminders_late_total",
            "capa_persistence_write_seconds");
  }

  @Test
  void invoke_unknownActorType_404() throws Exception {
    Response r = http.invoke("Nope", "x", "increment", "1");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("ERR_ACTOR_TYPE_NOT_FOUND");
  }

  @Test
  void invoke_unknownMethod_404() throws Exception {
    Response r = http.invoke("Counter", "keep", "decrement", "1");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("ERR_ACTOR_METHOD_NOT_FOUND");
  }

  @Test
  void invoke_malformedJson_400AndNothingSaved() throws Exception {
    Response r = http.invoke("Counter", "keep", "increment", "{\"by\": ");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("ERR_MALFORMED_JSON");
  }

  @Test
  void reminder_invalidDueTime_400() throws Exception {
    Response r = http.post(KEEP + "/reminders/bad", "{\"dueTime\":\"soon\",\"period\":\"1s\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("ERR_INVALID_SCHEDULE");
    assertThat(http.get(KEEP + "/reminders/bad").status()).isEqualTo(404);
  }

  @Test
  void reminder_invalidCron_400() throws Exception {
    Response r = http.post(KEEP + "/reminders/cron", "{\"dueTime\":\"0s\",\"period\":\"0 99 * * * *\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("ERR_INVALID_SCHEDULE");
    assertThat(http.get(KEEP + "/reminders/cron").status()).isEqualTo(404);
  }

  @Test
  void invoke_payloadOverLimit_413() throws Exception {
    String big = "1" + " ".repeat(100_000); // valid JSON, only too large for the 64 KiB limit
    Response r = http.invoke("Counter", "keep", "increment", big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errorCode()).isEqualTo("ERR_PAYLOAD_TOO_LARGE");
  }

  @Test
  void invoke_pastDeadline_504() throws Exception {
    long start = System.nanoTime();
    Response r = http.invoke("Faulty", "hang", "hang", "", "capa-timeout", "100ms");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.status()).as(r.body()).isEqualTo(504);
    assertThat(r.errorCode()).isEqualTo("ERR_DEADLINE_EXCEEDED");
    assertThat(took).isLessThan(Duration.ofSeconds(15)); // the deadline ended it, not the 60 s default
  }

  @Test
  void invoke_methodThrows_500WithErrorType() throws Exception {
    Response r = http.invoke("Faulty", "boom", "boom", "\"kaput\"");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.errorCode()).isEqualTo("ERR_ACTOR_METHOD_FAILED");
    assertThat(r.body()).contains("\"errorType\"", "IllegalStateException", "kaput");
  }

  private static void awaitValue(String id, long expected, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long last;
    do {
      last = http.invoke("Counter", id, "get", "").asLong();
      if (last == expected) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertThat(last).as("Counter/%s after %s", id, limit).isEqualTo(expected);
  }
}
