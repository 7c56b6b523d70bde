package io.capa.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.ComponentInfo;
import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HealthStatus;
import io.capa.runtime.testkit.InMemoryActorService;
import io.capa.runtime.testkit.PrometheusText;
import io.capa.runtime.testkit.TestHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lifecycle, health, metadata, auth and the metrics endpoint; each test starts its own servers. */
class RuntimeServersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ActorTestKit kit;

  private final List<RuntimeServers> started = new ArrayList<>();
  private final List<TestHttp> clients = new ArrayList<>();

  @BeforeAll
  static void startKit() {
    kit = ActorTestKit.create();
  }

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @AfterEach
  void stopServers() throws Exception {
    clients.forEach(TestHttp::close);
    for (RuntimeServers s : started) {
      s.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void start_ephemeralPorts_reportsTheBoundPorts() {
    RuntimeServers servers = start(yaml(""), new MetricsRegistry(), List.of());

    assertThat(servers.httpPort()).isPositive();
    assertThat(servers.metricsPort()).isPositive().isNotEqualTo(servers.httpPort());
  }

  @Test
  void stop_closesThePorts() throws Exception {
    RuntimeServers servers = start(yaml(""), new MetricsRegistry(), List.of());
    started.remove(servers);
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);

    // Both ports can be bound again once the servers are gone.
    try (ServerSocket a = new ServerSocket(servers.httpPort(), 1, java.net.InetAddress.getLoopbackAddress());
        ServerSocket b = new ServerSocket(servers.metricsPort(), 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(a.isBound() && b.isBound()).isTrue();
    }
  }

  @Test
  void start_portInUse_fails() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Config config = yaml("sidecar:\n  metricsPort: " + taken.getLocalPort() + "\n");
      CompletionStage<RuntimeServers> start =
          RuntimeServers.start(kit.system(), services(config, new MetricsRegistry(), List.of()));
      assertThatThrownBy(() -> start.toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void start_publicHostWithoutToken_isRefused() {
    Config config = yaml("sidecar:\n  host: 0.0.0.0\n");
    CompletionStage<RuntimeServers> start =
        RuntimeServers.start(kit.system(), services(config, new MetricsRegistry(), List.of()));

    assertThatThrownBy(() -> start.toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without an API token");
  }

  @Test
  void healthz_allHealthy_is204() {
    TestHttp http = http(start(yaml(""), new MetricsRegistry(), List.of(check("a", HealthStatus.ok()))));

    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/healthz/outbound").statusCode()).isEqualTo(204);
  }

  @Test
  void healthz_failingChecks_are500NamingThem() throws Exception {
    HealthCheck throwing = new HealthCheck() {
      @Override
      public String name() {
        return "throwing";
      }

      @Override
      public CompletionStage<HealthStatus> check() {
        throw new IllegalStateException("no connection");
      }
    };
    HealthCheck silent = named("silent", new CompletableFuture<>());
    HealthCheck failed = named("failed", CompletableFuture.failedFuture(new IOException("disk gone")));
    Config config = ConfigFactory.parseString("capa.http.health-check-timeout = 200ms").withFallback(yaml(""));
    TestHttp http = http(start(config, new MetricsRegistry(),
        List.of(check("fine", HealthStatus.ok()), check("db", HealthStatus.unhealthy("pool exhausted")),
            throwing, silent, failed)));

    HttpResponse<String> r = http.get("/v1.0/healthz");

    assertThat(r.statusCode()).isEqualTo(500);
    JsonNode body = JSON.readTree(r.body());
    Map<String, String> failing = new java.util.HashMap<>();
    body.get("failing").forEach(n -> failing.put(n.get("name").asText(), n.get("detail").asText()));
    assertThat(failing).containsOnlyKeys("db", "throwing", "silent", "failed");
    assertThat(failing.get("db")).isEqualTo("pool exhausted");
    assertThat(failing.get("throwing")).contains("no connection");
    assertThat(failing.get("silent")).contains("no answer within 200 ms");
    assertThat(failing.get("failed")).contains("disk gone");
  }

  @Test
  void healthz_onlyDegradedChecks_is503Degraded() throws Exception {
    TestHttp http = http(start(yaml(""), new MetricsRegistry(),
        List.of(check("fine", HealthStatus.ok()), check("persistence", HealthStatus.degraded("connection refused")))));

    HttpResponse<String> r = http.get("/v1.0/healthz");

    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.get("failing")).hasSize(1);
    assertThat(body.get("failing").get(0).get("name").asText()).isEqualTo("persistence");
    assertThat(body.get("failing").get(0).get("state").asText()).isEqualTo("degraded");
    assertThat(body.get("failing").get(0).get("detail").asText()).isEqualTo("connection refused");
  }

  @Test
  void healthz_degradedAndDownChecks_is500Unhealthy() throws Exception {
    TestHttp http = http(start(yaml(""), new MetricsRegistry(),
        List.of(check("persistence", HealthStatus.degraded("refused")), check("cluster", HealthStatus.unhealthy("not Up")))));

    HttpResponse<String> r = http.get("/v1.0/healthz");

    assertThat(r.statusCode()).isEqualTo(500);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("unhealthy");
    assertThat(body.get("failing")).hasSize(2);
  }

  @Test
  void metadata_reportsAppIdVersionAndActorTypes() throws Exception {
    InMemoryActorService actors = new InMemoryActorService("counter");
    RuntimeServers servers = start(yaml("appId: orders\n"), new MetricsRegistry(), List.of(), actors);
    TestHttp http = http(servers);
    http.post("/v1.0/actors/counter/1/method/nothing", "");
    http.post("/v1.0/actors/counter/2/method/nothing", "");

    HttpResponse<String> r = http.get("/v1.0/metadata");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode m = JSON.readTree(r.body());
    assertThat(m.get("id").asText()).isEqualTo("orders");
    assertThat(m.get("runtimeVersion").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(m.get("actors")).isEqualTo(JSON.readTree("[{\"type\":\"counter\",\"count\":2}]"));
    assertThat(m.get("actorRuntime").get("runtimeStatus").asText()).isEqualTo("RUNNING");
    assertThat(m.get("actorRuntime").get("activeActors")).isEqualTo(m.get("actors"));
    assertThat(m.get("actorRuntime").get("hostReady").asBoolean()).isTrue();
    assertThat(m.get("extended").isObject()).isTrue();
  }

  @Test
  void healthzOutbound_componentDown_isDegradedWhileNodeHealthzStays204() throws Exception {
    RuntimeServices services = services(yaml(""), new MetricsRegistry(), List.of(check("node", HealthStatus.ok())))
        .withOutboundChecks(List.of(check("components", HealthStatus.degraded("statestore: connection refused"))));
    RuntimeServers servers = RuntimeServers.start(kit.system(), services).toCompletableFuture().get(10, TimeUnit.SECONDS);
    started.add(servers);
    TestHttp http = http(servers);

    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
    HttpResponse<String> r = http.get("/v1.0/healthz/outbound");
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode failing = JSON.readTree(r.body()).get("failing");
    assertThat(failing).hasSize(1);
    assertThat(failing.get(0).get("name").asText()).isEqualTo("components");
    assertThat(failing.get(0).get("detail").asText()).isEqualTo("statestore: connection refused");
  }

  @Test
  void metadata_listsComponentsFromTheHookOnEveryRequest() throws Exception {
    List<ComponentInfo> components = new java.util.concurrent.CopyOnWriteArrayList<>();
    components.add(new ComponentInfo("vault", "secretstores.local.file", "v1"));
    RuntimeServices services = services(yaml(""), new MetricsRegistry(), List.of()).withComponents(() -> components);
    RuntimeServers servers = RuntimeServers.start(kit.system(), services).toCompletableFuture().get(10, TimeUnit.SECONDS);
    started.add(servers);
    TestHttp http = http(servers);

    assertThat(JSON.readTree(http.get("/v1.0/metadata").body()).get("components"))
        .isEqualTo(JSON.readTree("[{\"name\":\"vault\",\"type\":\"secretstores.local.file\",\"version\":\"v1\"}]"));
    components.add(new ComponentInfo("env", "secretstores.local.env", "v1"));
    assertThat(JSON.readTree(http.get("/v1.0/metadata").body()).get("components")).hasSize(2);
  }

  @Test
  void apiToken_isRequiredExceptForHealth() throws Exception {
    TestHttp http = http(start(yaml("sidecar:\n  apiToken: t0k3n\n"), new MetricsRegistry(), List.of()));

    HttpResponse<String> none = http.get("/v1.0/metadata");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(none.body()).get("errorCode").asText()).isEqualTo("ERR_UNAUTHORIZED");
    assertThat(http.get("/v1.0/metadata", "capa-api-token", "wrong").statusCode()).isEqualTo(401);
    assertThat(http.get("/v1.0/unknown").statusCode()).isEqualTo(401);
    assertThat(http.get("/v1.0/metadata", "capa-api-token", "t0k3n").statusCode()).isEqualTo(200);
    assertThat(http.get("/v1.0/metadata", "dapr-api-token", "t0k3n").statusCode()).isEqualTo(200);
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
  }

  @Test
  void metricsEndpoint_servesPrometheusTextWithRouteTemplates() {
    MetricsRegistry registry = new MetricsRegistry();
    RuntimeServers servers = start(yaml(""), registry, List.of());
    TestHttp api = http(servers);
    TestHttp scraper = new TestHttp(servers.metricsPort());
    clients.add(scraper);
    String route = "/v1.0/actors/{type}/{id}/method/{method}";
    api.post("/v1.0/actors/counter/a/method/echo", "1");
    api.post("/v1.0/actors/counter/b/method/echo", "2");
    api.post("/v1.0/actors/counter/b/method/fail", "");
    api.get("/no/such/path");

    HttpResponse<String> r = scraper.get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText text = PrometheusText.parse(r.body());
    assertThat(text.types).containsEntry("capa_http_requests_total", "counter")
        .containsEntry("capa_http_request_seconds", "histogram");
    assertThat(text.value("capa_http_requests_total", Map.of("route", route, "status", "200"))).isEqualTo(2);
    assertThat(text.value("capa_http_requests_total", Map.of("route", route, "status", "500"))).isEqualTo(1);
    assertThat(text.value("capa_http_requests_total", Map.of("route", "unmatched", "status", "404"))).isEqualTo(1);
    assertThat(text.value("capa_http_request_seconds_count", Map.of("route", route))).isEqualTo(3);
    assertThat(text.value("capa_http_request_seconds_bucket", Map.of("route", route, "le", "+Inf"))).isEqualTo(3);
    assertThat(r.body()).doesNotContain("counter/a").doesNotContain("/no/such/path");
  }

  @Test
  void metricsEndpoint_otherPathsAndMethods_areRefused() {
    RuntimeServers servers = start(yaml(""), new MetricsRegistry(), List.of());
    TestHttp scraper = new TestHttp(servers.metricsPort());
    clients.add(scraper);

    assertThat(scraper.get("/").statusCode()).isEqualTo(404);
    assertThat(scraper.post("/metrics", "").statusCode()).isEqualTo(405);
    assertThat(scraper.get("/metrics").statusCode()).isEqualTo(200);
  }

  /** The test's YAML over a base that puts both servers on ephemeral ports. */
  private static Config yaml(String yaml) {
    Config base = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "base.yaml");
    return RuntimeConfig.parseYaml(yaml, "test.yaml").withFallback(base);
  }

  private RuntimeServers start(Config config, MetricsRegistry metrics, List<HealthCheck> checks) {
    return start(config, metrics, checks, new InMemoryActorService("counter"));
  }

  private RuntimeServers start(
      Config config, MetricsRegistry metrics, List<HealthCheck> checks, InMemoryActorService actors) {
    try {
      RuntimeServers s = RuntimeServers.start(kit.system(), new RuntimeServices(config, actors, metrics, checks))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      started.add(s);
      return s;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static RuntimeServices services(Config config, MetricsRegistry metrics, List<HealthCheck> checks) {
    return new RuntimeServices(config, new InMemoryActorService("counter"), metrics, checks);
  }

  private TestHttp http(RuntimeServers servers) {
    TestHttp http = new TestHttp(servers.httpPort());
    clients.add(http);
    return http;
  }

  private static HealthCheck check(String name, HealthStatus status) {
    return named(name, CompletableFuture.completedFuture(status));
  }

  private static HealthCheck named(String name, CompletionStage<HealthStatus> answer) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletionStage<HealthStatus> check() {
        return answer;
      }
    };
  }
}
