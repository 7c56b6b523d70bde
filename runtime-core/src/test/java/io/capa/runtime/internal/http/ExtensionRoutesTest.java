package io.capa.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.runtime.testkit.InMemoryActorService;
import io.capa.runtime.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Building blocks' routes plugged in through {@link HttpRoutes}: matched after the API's own routes,
 * with the API's body limit, token check, error mapping and metrics.
 */
class ExtensionRoutesTest {
  private static ActorTestKit kit;
  private static RuntimeServers servers;
  private static TestHttp http;
  private static final MetricsRegistry metrics = new MetricsRegistry();

  /** {@code /v1.0/echo/{x}}: POST echoes the body; {@code fail} fails; {@code throw} throws. */
  private static final HttpRoutes ECHO =
      (request, segments) -> {
        if (segments.size() != 3 || !segments.get(0).equals("v1.0") || !segments.get(1).equals("echo")) {
          return Optional.empty();
        }
        String x = segments.get(2);
        return Optional.of(
            new HttpRoute(
                "/v1.0/echo/{x}",
                true,
                (req, body) -> {
                  switch (x) {
                    case "fail":
                      return CompletableFuture.failedFuture(
                          new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no store named fail"));
                    case "throw":
                      throw new IllegalArgumentException("x must not be throw");
                    default:
                      return HttpReplies.done(
                          HttpReplies.json(200, Map.of("x", x, "body", new String(body, StandardCharsets.UTF_8))));
                  }
                }));
      };

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create("extension-routes");
    var config =
        RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n  maxRequestBytes: 1024\n", "test.yaml");
    RuntimeServices services =
        new RuntimeServices(config, new InMemoryActorService("counter"), metrics, List.of())
            .withHttpRoutes(List.of(ECHO));
    servers = RuntimeServers.start(kit.system(), services).toCompletableFuture().get(10, TimeUnit.SECONDS);
    http = new TestHttp(servers.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    kit.shutdownTestKit();
  }

  @AfterEach
  void serverKeepsServing() {
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
  }

  @Test
  void extension_matchingPath_handlesWithBody() {
    HttpResponse<String> r = http.post("/v1.0/echo/a%2Fb", "hello");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"x\":\"a/b\"").contains("\"body\":\"hello\"");
  }

  @Test
  void extension_failsWithCapaException_answersItsErrorCode() {
    HttpResponse<String> r = http.post("/v1.0/echo/fail", "");

    assertThat(r.statusCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND.httpStatus());
    assertThat(r.body()).contains(ErrorCode.COMPONENT_NOT_FOUND.code()).contains("no store named fail");
  }

  @Test
  void extension_handlerThrows_answers400WithTheMessage() {
    HttpResponse<String> r = http.post("/v1.0/echo/throw", "");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("x must not be throw");
  }

  @Test
  void extension_bodyOverTheLimit_isRefusedBeforeTheHandler() {
    HttpResponse<String> r = http.post("/v1.0/echo/big", "x".repeat(4096));

    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void extension_pathItDoesNotKnow_isRouteNotFound() {
    HttpResponse<String> r = http.post("/v1.0/echo/a/b", "");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains(ErrorCode.ROUTE_NOT_FOUND.code());
  }

  @Test
  void extension_requests_areCountedUnderTheirTemplate() {
    http.post("/v1.0/echo/counted", "");

    assertThat(metrics.scrape()).contains("route=\"/v1.0/echo/{x}\"");
  }
}
