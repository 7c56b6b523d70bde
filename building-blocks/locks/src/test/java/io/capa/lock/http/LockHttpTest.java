package io.capa.lock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.lock.api.ComponentLockService;
import io.capa.lock.internal.LockStoreFactory;
import io.capa.lock.testkit.TestComponents;
import io.capa.runtime.blocks.LockHttp;
import io.capa.runtime.testkit.RoutesServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dapr's lock routes over real HTTP, on lock.redis against the Redis on 127.0.0.1:6379. */
class LockHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestComponents env;
  private static RoutesServer http;
  private final String resource = "http-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    env = new TestComponents();
    env.put("redislock", new LockStoreFactory().create(
        TestComponents.config("redislock", LockStoreFactory.REDIS, Map.of("redisHost", "127.0.0.1:6379")),
        env.context(Path.of("."))));
    http = new RoutesServer(List.of(new LockHttp(new ComponentLockService(env, env.blocking))));
    long end = System.nanoTime() + 10_000_000_000L;
    while (!env.health().get("redislock").up() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    env.close();
  }

  @AfterEach
  void stillServing() throws Exception {
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
  }

  private String lockBody(String owner) {
    return "{\"resourceId\":\"" + resource + "\",\"lockOwner\":\"" + owner + "\",\"expiryInSeconds\":30}";
  }

  private String unlockBody(String owner) {
    return "{\"resourceId\":\"" + resource + "\",\"lockOwner\":\"" + owner + "\"}";
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void lock_free_answersSuccessTrue() throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/lock/redislock", lockBody("a"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("success").asBoolean()).isTrue();
    assertThat(json(http.post("/v1.0-alpha1/lock/redislock", lockBody("b"))).get("success").asBoolean()).isFalse();
  }

  @Test
  void unlock_answersDaprNumberedStatuses() throws Exception {
    assertThat(json(http.post("/v1.0-alpha1/unlock/redislock", unlockBody("a"))).get("status").asInt()).isEqualTo(1);
    http.post("/v1.0-alpha1/lock/redislock", lockBody("a"));
    assertThat(json(http.post("/v1.0-alpha1/unlock/redislock", unlockBody("b"))).get("status").asInt()).isEqualTo(2);
    assertThat(json(http.post("/v1.0-alpha1/unlock/redislock", unlockBody("a"))).get("status").asInt()).isEqualTo(0);
  }

  @Test
  void extend_heldByOwner_answersSuccessTrue() throws Exception {
    http.post("/v1.0-alpha1/lock/redislock", lockBody("a"));
    assertThat(json(http.post("/v1.0-alpha1/lock/redislock/extend", lockBody("a"))).get("success").asBoolean()).isTrue();
    assertThat(json(http.post("/v1.0-alpha1/lock/redislock/extend", lockBody("b"))).get("success").asBoolean()).isFalse();
  }

  @Test
  void lock_unknownStore_isComponentNotFound() throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/lock/nope", lockBody("a"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_COMPONENT_NOT_FOUND");
    assertThat(json(r).get("message").asText()).contains("nope");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1,2]", "\"text\"", "{\"resourceId\":\"r\"} trailing", "{\"a\":1,\"a\":2}"})
  void lock_malformedBody_isMalformedJson(String body) throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/lock/redislock", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_MALFORMED_JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"lockOwner\":\"a\",\"expiryInSeconds\":5}",
      "{\"resourceId\":\"r\",\"expiryInSeconds\":5}",
      "{\"resourceId\":\"r\",\"lockOwner\":\"a\"}",
      "{\"resourceId\":\"r\",\"lockOwner\":\"a\",\"expiryInSeconds\":0}",
      "{\"resourceId\":\"r\",\"lockOwner\":\"a\",\"expiryInSeconds\":-3}",
      "{\"resourceId\":\"r\",\"lockOwner\":\"a\",\"expiryInSeconds\":1.5}",
      "{\"resourceId\":\"r\",\"lockOwner\":\"a\",\"expiryInSeconds\":\"5\"}",
      "{\"resourceId\":7,\"lockOwner\":\"a\",\"expiryInSeconds\":5}",
      "{\"resourceId\":\"\",\"lockOwner\":\"a\",\"expiryInSeconds\":5}",
      "{\"resourceId\":\"r\",\"lockOwner\":\"a\",\"expiryInSeconds\":99999999999999999999}"})
  void lock_wrongFields_isInvalidRequestNamingTheField(String body) throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/lock/redislock", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(json(r).get("message").asText()).containsAnyOf("resourceId", "lockOwner", "expiryInSeconds");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"lockOwner\":\"a\"}", "{\"resourceId\":\"r\"}", "{\"resourceId\":null,\"lockOwner\":\"a\"}"})
  void unlock_wrongFields_isInvalidRequest(String body) throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/unlock/redislock", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_INVALID_REQUEST");
  }

  @Test
  void lock_get_isMethodNotAllowed() throws Exception {
    HttpResponse<String> r = http.get("/v1.0-alpha1/lock/redislock");
    assertThat(r.statusCode()).isEqualTo(405);
  }
}
