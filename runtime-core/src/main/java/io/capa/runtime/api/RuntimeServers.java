package io.capa.runtime.api;

import io.capa.runtime.internal.http.HttpApi;
import io.capa.runtime.internal.http.HttpSettings;
import io.capa.runtime.internal.http.MetricsEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;

/**
 * The network face of a runtime node: the Dapr-compatible HTTP API on {@code capa.http.port} (3500)
 * and the Prometheus endpoint on {@code capa.metrics.port} (9090).
 *
 * <pre>
 *   Config config = RuntimeConfig.load(Optional.of(Path.of("config.yaml")));
 *   RuntimeServers servers = RuntimeServers.start(system,
 *       new RuntimeServices(config, actorService, metrics, healthChecks)).toCompletableFuture().join();
 *   ...
 *   servers.stop();
 * </pre>
 *
 * <p>Both servers bind loopback by default. Serving the API on another interface requires {@code
 * capa.http.api-token}, which every API call must then present; the start fails otherwise, so that a
 * misconfigured node never opens its actors to the network.
 */
public final class RuntimeServers {
  private final ServerBinding http;
  private final ServerBinding metrics;
  private final HttpSettings settings;

  private RuntimeServers(ServerBinding http, ServerBinding metrics, HttpSettings settings) {
    this.http = http;
    this.metrics = metrics;
    this.settings = settings;
  }

  /**
   * Binds both servers. The stage fails with {@link IllegalStateException} for an unsafe
   * configuration, with a config error for a missing or mistyped path, or with the bind failure
   * (port in use); a failed start leaves nothing bound.
   */
  public static CompletionStage<RuntimeServers> start(ActorSystem<?> system, RuntimeServices services) {
    HttpSettings settings;
    try {
      settings = HttpSettings.from(services.config());
      requireTokenOffLoopback(settings);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Materializer mat = Materializer.matFromSystem(system);
    Http httpExt = Http.get(system);
    ServerSettings base = ServerSettings.create(system.classicSystem());
    // pekko-http's own parser limit matches ours, so an oversized stream fails as early as possible.
    ServerSettings serverSettings =
        base.withParserSettings(base.getParserSettings().withMaxContentLength(settings.maxRequestBytes()));
    InvocationGraph graph;
    try {
      graph = InvocationGraph.get(system);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    graph.bindMetrics(services.metrics());
    HttpApi api = new HttpApi(settings, services, graph, mat);
    MetricsEndpoint metricsEndpoint = new MetricsEndpoint(services.metrics(), mat);

    CompletionStage<ServerBinding> httpBinding =
        httpExt.newServerAt(settings.host(), settings.port()).withSettings(serverSettings).bind(api::handle);
    return httpBinding.thenCompose(
        http ->
            httpExt
                .newServerAt(settings.metricsHost(), settings.metricsPort())
                .bind(metricsEndpoint::handle)
                .handle(
                    (metricsBinding, error) -> {
                      if (error != null) {
                        http.unbind(); // do not leave half a node listening
                        throw new CompletionException(error);
                      }
                      return new RuntimeServers(http, metricsBinding, settings);
                    }));
  }

  /** The port the HTTP API is bound to (the real one when configured as 0). */
  public int httpPort() {
    return http.localAddress().getPort();
  }

  /** The port the metrics endpoint is bound to (the real one when configured as 0). */
  public int metricsPort() {
    return metrics.localAddress().getPort();
  }

  /**
   * Stops accepting connections, lets in-flight requests finish for up to {@code
   * capa.http.shutdown-timeout}, then closes both servers.
   */
  public CompletionStage<Void> stop() {
    CompletionStage<?> a = http.terminate(settings.shutdownTimeout());
    CompletionStage<?> b = metrics.terminate(settings.shutdownTimeout());
    return a.thenCombine(b, (x, y) -> (Void) null);
  }

  private static void requireTokenOffLoopback(HttpSettings settings) {
    if (settings.tokenRequired()) {
      return;
    }
    // Only the API is guarded: the metrics endpoint exposes no data or operations, and scrapers
    // usually reach it from another host.
    if (!isLoopback(settings.host())) {
      throw new IllegalStateException(
          "refusing to serve the API on " + settings.host() + " without an API token: set sidecar.apiToken"
              + " (capa.http.api-token) or bind 127.0.0.1");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve capa.http.host " + host, e);
    }
  }
}
