package io.capa.secrets.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.blocks.SecretsHttp;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.testkit.InMemoryActorService;
import io.capa.runtime.testkit.TestHttp;
import io.capa.secrets.SecretsFixture;
import io.capa.secrets.Specs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SecretsHttp} over real HTTP, with the real stores behind it. */
class SecretsHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static ActorTestKit kit;
  private static SecretsFixture fixture;
  private static RuntimeServers servers;
  private static TestHttp http;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create();
    fixture = new SecretsFixture(dir);
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    RuntimeServices services =
        new RuntimeServices(config, new InMemoryActorService("counter"), new MetricsRegistry(), List.of())
            .withHttpRoutes(List.of(new SecretsHttp(new ComponentSecretService(fixture.registry, Specs.EXECUTOR))));
    servers = RuntimeServers.start(kit.system(), services).toCompletableFuture().get(10, TimeUnit.SECONDS);
    http = new TestHttp(servers.httpPort());
  }

  /** Whatever a test sent, the server must still answer. */
  @AfterEach
  void stillServing() {
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/secrets/files/db-password").statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    kit.shutdownTestKit();
    fixture.close();
  }

  @Test
  void get_secret_answersNameToValueAsJson() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/secrets/files/db-password");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"db-password\":\"s3cret\"}"));
    assertThat(JSON.readTree(http.get("/v1.0/secrets/files/api%3Atoken").body()))
        .isEqualTo(JSON.readTree("{\"api:token\":\"t0k\"}"));
    assertThat(JSON.readTree(http.get("/v1.0/secrets/env/beta?metadata.ignored=1").body()))
        .isEqualTo(JSON.readTree("{\"beta\":\"two\"}"));
  }

  @Test
  void bulk_answersEverySecretByKey() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/secrets/files/bulk");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()))
        .isEqualTo(JSON.readTree("{\"db-password\":{\"db-password\":\"s3cret\"},\"api:token\":{\"api:token\":\"t0k\"}}"));
  }

  @Test
  void get_unknownKey_is404SecretNotFound() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/secrets/files/missing");

    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("errorCode").asText()).isEqualTo("ERR_SECRET_NOT_FOUND");
    assertThat(body.get("message").asText()).contains("missing");
  }

  @Test
  void get_unknownStore_is400ComponentNotFound() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/secrets/vault/k");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("errorCode").asText()).isEqualTo("ERR_COMPONENT_NOT_FOUND");
    assertThat(http.get("/v1.0/secrets/vault/bulk").statusCode()).isEqualTo(400);
  }

  @Test
  void garbagePaths_areRefusedWithAReason() throws Exception {
    assertThat(http.get("/v1.0/secrets/files").statusCode()).isEqualTo(404);
    assertThat(http.get("/v1.0/secrets/files/a/b").statusCode()).isEqualTo(404);
    assertThat(http.post("/v1.0/secrets/files/db-password", "").statusCode()).isEqualTo(404);
    // An empty store segment: refused, whether as no route (404) or as a bad request (400).
    HttpResponse<String> empty = http.get("/v1.0/secrets//db-password");
    assertThat(empty.statusCode()).isIn(400, 404);
    assertThat(JSON.readTree(empty.body()).get("errorCode").asText()).startsWith("ERR_");
  }
}
