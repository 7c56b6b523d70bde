package io.capa.configuration.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.capa.configuration.api.ComponentConfigurationService;
import io.capa.configuration.internal.ConfigurationStoreFactory;
import io.capa.configuration.testkit.TestComponents;
import io.capa.runtime.blocks.ConfigurationHttp;
import io.capa.runtime.testkit.RoutesServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dapr's configuration routes over real HTTP on configuration.file, with an application that receives pushes. */
class ConfigurationHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static TestComponents env;
  private static RoutesServer http;
  private static HttpServer app;
  private static final List<String[]> pushed = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    write("greeting: hello\nfeature:\n  value: \"on\"\n  version: 7\n  metadata: {owner: team-a}\n");
    env = new TestComponents();
    env.put("cfg", new ConfigurationStoreFactory().create(TestComponents.config("cfg", ConfigurationStoreFactory.FILE,
        Map.of("path", dir.resolve("config.yaml").toString(), "pollInterval", "50ms")), env.context(dir)));
    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/configuration/", ex -> {
      pushed.add(new String[] {ex.getRequestURI().getPath(), new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    app.start();
    http = new RoutesServer(List.of(new ConfigurationHttp(new ComponentConfigurationService(env, env.blocking),
        Optional.of(URI.create("http://127.0.0.1:" + app.getAddress().getPort())), env.blocking)));
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    app.stop(0);
    env.close();
  }

  @AfterEach
  void stillServing() throws Exception {
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
  }

  private static void write(String yaml) throws Exception {
    Path tmp = dir.resolve("config.tmp");
    Files.writeString(tmp, yaml);
    Files.move(tmp, dir.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static void await(BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("deadline").isNegative();
      Thread.sleep(20);
    }
  }

  @Test
  void get_keys_answersItemsByKey() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/configuration/cfg?key=feature&key=missing&metadata.hint=x");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode items = json(r);
    assertThat(items.size()).isEqualTo(1);
    assertThat(items.get("feature").get("value").asText()).isEqualTo("on");
    assertThat(items.get("feature").get("version").asText()).isEqualTo("7");
    assertThat(items.get("feature").get("metadata").get("owner").asText()).isEqualTo("team-a");
  }

  @Test
  void get_noKeysOnAlphaPath_answersEveryKey() throws Exception {
    JsonNode items = json(http.get("/v1.0-alpha1/configuration/cfg"));
    assertThat(items.has("greeting")).isTrue();
    assertThat(items.has("feature")).isTrue();
  }

  @Test
  void get_unknownStore_isComponentNotFound() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/configuration/nope?key=a");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_COMPONENT_NOT_FOUND");
  }

  @ParameterizedTest
  @ValueSource(strings = {"?key=", "?key=%20", "?key=a&key="})
  void get_blankKey_isInvalidRequest(String query) throws Exception {
    HttpResponse<String> r = http.get("/v1.0/configuration/cfg" + query);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(json(r).get("message").asText()).contains("key");
  }

  @Test
  void subscribe_unknownStore_isComponentNotFound() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/configuration/nope/subscribe?key=a");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("ERR_COMPONENT_NOT_FOUND");
  }

  @Test
  void get_post_isMethodNotAllowed() throws Exception {
    assertThat(http.post("/v1.0/configuration/cfg", "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void unsubscribe_unknownId_isInvalidRequest() throws Exception {
    HttpResponse<String> r = http.get("/v1.0/configuration/cfg/no-such-id/unsubscribe");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("message").asText()).contains("no-such-id");
  }

  @Test
  void subscribe_change_isPushedToTheAppUntilUnsubscribed() throws Exception {
    HttpResponse<String> s = http.get("/v1.0/configuration/cfg/subscribe?key=greeting");
    assertThat(s.statusCode()).isEqualTo(200);
    String id = json(s).get("id").asText();
    assertThat(id).isNotBlank();

    write("greeting: bonjour\nfeature: \"off\"\n");
    await(() -> pushed.stream().anyMatch(p -> p[1].contains("bonjour")));
    String[] push = pushed.stream().filter(p -> p[1].contains("bonjour")).findFirst().orElseThrow();
    assertThat(push[0]).isEqualTo("/configuration/cfg/greeting");
    JsonNode body = JSON.readTree(push[1]);
    assertThat(body.get("id").asText()).isEqualTo(id);
    assertThat(body.get("items").get("greeting").get("value").asText()).isEqualTo("bonjour");
    assertThat(pushed).noneMatch(p -> p[0].endsWith("/feature"));

    HttpResponse<String> u = http.get("/v1.0/configuration/cfg/" + id + "/unsubscribe");
    assertThat(u.statusCode()).isEqualTo(200);
    assertThat(json(u).get("ok").asBoolean()).isTrue();
    assertThat(http.get("/v1.0/configuration/cfg/" + id + "/unsubscribe").statusCode()).isEqualTo(400);
  }
}
