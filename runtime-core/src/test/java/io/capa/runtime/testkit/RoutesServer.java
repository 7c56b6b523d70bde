package io.capa.runtime.testkit;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The runtime's HTTP API on a free port serving building-block routes and no actor types, with a
 * client for it: for tests of a block's HTTP routes over real sockets.
 */
public final class RoutesServer implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final RuntimeServers servers;
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
          .connectTimeout(Duration.ofSeconds(5)).build();

  public RoutesServer(HttpRoutes routes) throws Exception {
    this(List.of(routes));
  }

  public RoutesServer(List<HttpRoutes> routes) throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "http-" + System.nanoTime());
    try {
      var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
      RuntimeServices services = new RuntimeServices(config, noActors(), new MetricsRegistry(), List.of())
          .withHttpRoutes(routes);
      servers = RuntimeServers.start(system, services).toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception | Error e) {
      clientThreads.shutdownNow();
      system.terminate();
      throw e;
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + servers.httpPort() + path);
  }

  /** Sends {@code body} with {@code headers} given as name, value, name, value... */
  public HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code body} (none when null) as JSON. */
  public HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher b = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    return send(method, path, b, "Content-Type", "application/json");
  }

  public HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, (String) null);
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

  @Override
  public void close() throws Exception {
    try {
      servers.stop().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      clientThreads.shutdownNow();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }
}
