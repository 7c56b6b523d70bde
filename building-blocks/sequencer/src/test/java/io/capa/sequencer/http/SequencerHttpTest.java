package io.capa.sequencer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.runtime.blocks.SequencerHttp;
import io.capa.runtime.testkit.RoutesServer;
import io.capa.sequencer.api.ComponentSequencerService;
import io.capa.sequencer.internal.SequenceStoreFactory;
import io.capa.sequencer.testkit.TestComponents;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sequencer route over real HTTP, on sequencer.embedded. */
class SequencerHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static TestComponents env;
  private static RoutesServer http;

  @BeforeAll
  static void start() throws Exception {
    env = new TestComponents();
    env.put("seq", new SequenceStoreFactory().create(
        TestComponents.config("seq", SequenceStoreFactory.EMBEDDED, Map.of()), env.context(dir)));
    http = new RoutesServer(List.of(new SequencerHttp(new ComponentSequencerService(env, env.blocking))));
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

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void next_answersIncreasingIds() throws Exception {
    HttpResponse<String> a = http.post("/v1.0-alpha1/sequencer/seq", "{\"key\":\"orders\"}");
    HttpResponse<String> b = http.post("/v1.0-alpha1/sequencer/seq", "{\"key\":\"orders\",\"increment\":\"strong\",\"metadata\":{}}");
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(json(b).get("id").asLong()).isGreaterThan(json(a).get("id").asLong());
  }

  @Test
  void next_unknownStore_isComponentNotFound() throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/sequencer/nope", "{\"key\":\"k\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_COMPONENT_NOT_FOUND");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[]", "null", "{\"key\":\"k\"}{}"})
  void next_malformedBody_isMalformedJson(String body) throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/sequencer/seq", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_MALFORMED_JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"key\":\"\"}", "{\"key\":5}", "{\"key\":\"k\",\"increment\":\"sideways\"}",
      "{\"key\":\"k\",\"metadata\":[1]}", "{\"key\":\"k\",\"metadata\":{\"a\":1}}"})
  void next_wrongFields_isInvalidRequest(String body) throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/sequencer/seq", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(json(r).get("message").asText()).containsAnyOf("key", "increment", "metadata");
  }
}
