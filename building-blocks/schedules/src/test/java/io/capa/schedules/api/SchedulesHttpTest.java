package io.capa.schedules.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.runtime.blocks.SchedulesHttp;
import io.capa.runtime.testkit.RoutesServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedules routes over real sockets, on a real actor runtime. */
class SchedulesHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dataDir;
  private static ActorRuntime runtime;
  private static ExecutorService executor;
  private static RoutesServer server;

  @BeforeAll
  static void start() throws Exception {
    runtime = SchedulesTest.startNode(dataDir);
    executor = Executors.newFixedThreadPool(2);
    server = new RoutesServer(new SchedulesHttp(new ActorScheduleService(runtime, SchedulesTest.APPS, "app", executor)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    runtime.close();
    executor.shutdownNow();
  }

  @AfterEach
  void serverKeepsServing() throws Exception {
    assertThat(server.send("GET", "/v1.0/healthz", BodyPublishers.noBody()).statusCode()).isEqualTo(204);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return server.send(method, path, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body),
        "Content-Type", "application/json");
  }

  @Test
  void createGetListDelete_overHttp_firesTheActor() throws Exception {
    String tally = SchedulesTest.unique("h");
    HttpResponse<String> create = send("POST", "/v1.0-alpha1/schedules/tick",
        "{\"cron\":\"@every 1s\",\"target\":{\"actorType\":\"Tally\",\"actorId\":\"" + tally + "\",\"method\":\"hit\"},"
            + "\"data\":\"from http\",\"until\":\"2099-01-01T00:00:00Z\",\"failurePolicy\":{\"maxRetries\":2,\"interval\":\"1s\"}}");
    assertThat(create.statusCode()).as(create.body()).isEqualTo(204);

    SchedulesTest.await(() -> SchedulesTest.count(runtime, tally), 2, Duration.ofSeconds(15));
    assertThat(runtime.client().proxy(TallyApi.class, new ActorId("Tally", tally)).last()).isEqualTo("from http");

    JsonNode got = JSON.readTree(send("GET", "/v1.0-alpha1/schedules/tick", null).body());
    assertThat(got.get("cron").asText()).isEqualTo("@every 1s");
    assertThat(got.get("target").get("actorId").asText()).isEqualTo(tally);
    assertThat(got.get("data").asText()).isEqualTo("from http");
    assertThat(got.get("until").asText()).isEqualTo("2099-01-01T00:00:00Z");
    assertThat(got.get("failurePolicy").get("maxRetries").asInt()).isEqualTo(2);
    assertThat(got.get("nextFire").isTextual()).isTrue();
    assertThat(got.get("fired").asLong()).isGreaterThanOrEqualTo(1);

    JsonNode list = JSON.readTree(send("GET", "/v1.0-alpha1/schedules", null).body());
    assertThat(list.get("schedules").findValuesAsText("name")).contains("tick");

    assertThat(send("DELETE", "/v1.0-alpha1/schedules/tick", null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/v1.0-alpha1/schedules/tick", null).statusCode()).isEqualTo(404);
    HttpResponse<String> gone = send("GET", "/v1.0-alpha1/schedules/tick", null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("no schedule named tick");
  }

  @Test
  void garbageBodies_areRefusedWithTheReason() throws Exception {
    String app = "\"target\":{\"appId\":\"a\",\"method\":\"m\"}";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("", "ERR_MALFORMED_JSON");
    cases.put("{not json", "ERR_MALFORMED_JSON");
    cases.put("{\"cron\":\"@daily\"," + app + "} extra", "ERR_MALFORMED_JSON");
    cases.put("\"just a string\"", "JSON object");
    cases.put("{" + app + "}", "cron must be");
    cases.put("{\"cron\":7," + app + "}", "cron must be");
    cases.put("{\"cron\":\"@daily\"}", "target must be");
    cases.put("{\"cron\":\"@daily\",\"target\":{\"method\":\"m\"}}", "target needs appId");
    cases.put("{\"cron\":\"@daily\",\"target\":{\"appId\":\"a\"}}", "target.method");
    cases.put("{\"cron\":\"@daily\"," + app + ",\"until\":\"tomorrow\"}", "until must be");
    cases.put("{\"cron\":\"@daily\"," + app + ",\"failurePolicy\":{\"maxRetries\":\"x\"}}", "failurePolicy");
    cases.put("{\"cron\":\"@daily\"," + app + ",\"failurePolicy\":{\"maxRetries\":1,\"interval\":\"soon\"}}", "interval");
    cases.put("{\"cron\":\"0 0 25 * * *\"," + app + "}", "cron hour");
    cases.put("{\"cron\":\"* * * * * * *\"," + app + "}", "7 fields");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = send("POST", "/v1.0-alpha1/schedules/bad", c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.body()).as(c.getKey()).contains(c.getValue());
    }
    assertThat(send("GET", "/v1.0-alpha1/schedules/bad", null).statusCode()).isEqualTo(404);
  }
}
