package io.capa.schedules.api;

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

/** The runtime's HTTP API on a free port, serving one building block's routes and no actors. */
final class TestServer implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final RuntimeServers servers;
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
  final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
          .connectTimeout(Duration.ofSeconds(5)).build();

  TestServer(HttpRoutes routes) throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "http-" + System.nanoTime());
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    RuntimeServices services = new RuntimeServices(config, noActors(), new MetricsRegistry(), List.of())
        .withHttpRoutes(List.of(routes));
    servers = RuntimeServers.start(system, services).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + servers.httpPort() + path);
  }

  HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ActorService noActors() {
    return (ActorService) Proxy.newProxyInstance(ActorService.class.getClassLoader(), new Class<?>[] {ActorService.class},
        (proxy, method, args) -> method.getDeclaringClass() == Object.class
            ? (method.getName().equals("toString") ? "no actors" : method.getName().equals("hashCode") ? 0 : proxy == args[0])
            : CompletableFuture.failedFuture(new CapaException(ErrorCode.ACTOR_TYPE_NOT_FOUND, "no actors here")));
  }

  @Override
  public void close() throws Exception {
    servers.stop().toCompletableFuture().get(20, TimeUnit.SECONDS);
    clientThreads.shutdownNow();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
