package io.capa.configuration.testkit;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorService;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.HttpRoutes;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** The runtime's HTTP API on a free port with building-block routes, and a client for it. */
public final class HttpHarness implements AutoCloseable {
  private final ActorTestKit kit = ActorTestKit.create();
  private final RuntimeServers servers;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public HttpHarness(List<HttpRoutes> routes) throws Exception {
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    servers = RuntimeServers.start(kit.system(),
            new RuntimeServices(config, noActors(), new MetricsRegistry(), List.of()).withHttpRoutes(routes))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** No actor types: the routes under test do not use actors. */
  private static ActorService noActors() {
    return (ActorService) Proxy.newProxyInstance(ActorService.class.getClassLoader(), new Class<?>[] {ActorService.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "actorTypes" -> CompletableFuture.completedFuture(List.of());
          case "toString" -> "no actors";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> CompletableFuture.failedFuture(new CapaException(ErrorCode.ACTOR_TYPE_NOT_FOUND, "no actor types"));
        });
  }

  public HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher b = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.httpPort() + path))
            .method(method, b).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  @Override
  public void close() throws Exception {
    servers.stop().toCompletableFuture().get(20, TimeUnit.SECONDS);
    kit.shutdownTestKit();
  }
}
