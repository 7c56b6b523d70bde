package io.capa.runtime.api;

import com.typesafe.config.Config;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorService;
import io.capa.api.invocation.InvocationService;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.ComponentInfo;
import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.runtime.spi.Tracing;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the runtime's servers serve: the loaded configuration (see {@link RuntimeConfig}), the actor
 * building block, the node's metrics registry, the health checks that {@code /v1.0/healthz} asks,
 * service invocation between applications ({@code /v1.0/invoke/...}), and what {@code POST
 * /v1.0/shutdown} runs.
 *
 * @param invocation answers {@code /v1.0/invoke}; {@link #NO_APPLICATIONS} when the node has none
 * @param httpRoutes building blocks' routes, asked in order for paths the API's own routes do not match
 * @param outboundChecks asked by {@code /v1.0/healthz/outbound} in addition to {@code healthChecks}:
 *     what the app reaches through the node (components); {@code /v1.0/healthz} leaves them out, so a
 *     backend that is down does not make the node itself unhealthy
 * @param components what {@code /v1.0/metadata} lists under {@code components}; asked on every request
 * @param shutdownHook run once on its own thread shortly after {@code POST /v1.0/shutdown} was
 *     answered; it should stop the node (the servers first). A no-op by default.
 * @param tracing where the HTTP API reports its spans; {@link Tracing#NOOP} by default
 */
public record RuntimeServices(
    Config config,
    ActorService actors,
    MetricsRegistry metrics,
    List<HealthCheck> healthChecks,
    InvocationService invocation,
    Runnable shutdownHook,
    List<HttpRoutes> httpRoutes,
    List<HealthCheck> outboundChecks,
    Supplier<List<ComponentInfo>> components,
    Tracing tracing) {
  /** Knows no application: every call fails with {@code ERR_APP_NOT_FOUND}. */
  public static final InvocationService NO_APPLICATIONS =
      request ->
          CompletableFuture.failedFuture(
              new CapaException(
                  ErrorCode.APP_NOT_FOUND, "no application with app id \"" + request.appId() + "\" is connected"));

  private static final Runnable NO_SHUTDOWN_HOOK = () -> {};
  private static final Supplier<List<ComponentInfo>> NO_COMPONENTS = List::of;

  public RuntimeServices {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(actors, "actors");
    Objects.requireNonNull(metrics, "metrics");
    healthChecks = List.copyOf(Objects.requireNonNull(healthChecks, "healthChecks"));
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(shutdownHook, "shutdownHook");
    httpRoutes = List.copyOf(Objects.requireNonNull(httpRoutes, "httpRoutes"));
    outboundChecks = List.copyOf(Objects.requireNonNull(outboundChecks, "outboundChecks"));
    Objects.requireNonNull(components, "components");
    Objects.requireNonNull(tracing, "tracing");
  }

  public RuntimeServices(
      Config config,
      ActorService actors,
      MetricsRegistry metrics,
      List<HealthCheck> healthChecks,
      InvocationService invocation,
      Runnable shutdownHook) {
    this(config, actors, metrics, healthChecks, invocation, shutdownHook, List.of(), List.of(), NO_COMPONENTS, Tracing.NOOP);
  }

  /** Without applications to invoke and without a shutdown hook. */
  public RuntimeServices(Config config, ActorService actors, MetricsRegistry metrics, List<HealthCheck> healthChecks) {
    this(config, actors, metrics, healthChecks, NO_APPLICATIONS, NO_SHUTDOWN_HOOK);
  }

  public RuntimeServices withInvocation(InvocationService service) {
    return new RuntimeServices(config, actors, metrics, healthChecks, service, shutdownHook, httpRoutes, outboundChecks, components, tracing);
  }

  public RuntimeServices withShutdownHook(Runnable hook) {
    return new RuntimeServices(config, actors, metrics, healthChecks, invocation, hook, httpRoutes, outboundChecks, components, tracing);
  }

  /** With {@code routes} added after the current ones (building blocks' HTTP routes). */
  public RuntimeServices withHttpRoutes(List<HttpRoutes> routes) {
    List<HttpRoutes> all = new java.util.ArrayList<>(httpRoutes);
    all.addAll(routes);
    return new RuntimeServices(
        config, actors, metrics, healthChecks, invocation, shutdownHook, all, outboundChecks, components, tracing);
  }

  /** With {@code checks} added to those of {@code /v1.0/healthz/outbound}. */
  public RuntimeServices withOutboundChecks(List<HealthCheck> checks) {
    List<HealthCheck> all = new java.util.ArrayList<>(outboundChecks);
    all.addAll(checks);
    return new RuntimeServices(
        config, actors, metrics, healthChecks, invocation, shutdownHook, httpRoutes, all, components, tracing);
  }

  /** With {@code source} answering the component list of {@code /v1.0/metadata}. */
  public RuntimeServices withComponents(Supplier<List<ComponentInfo>> source) {
    return new RuntimeServices(
        config, actors, metrics, healthChecks, invocation, shutdownHook, httpRoutes, outboundChecks, source, tracing);
  }

  /** With {@code t} receiving the HTTP API's spans. */
  public RuntimeServices withTracing(Tracing t) {
    return new RuntimeServices(
        config, actors, metrics, healthChecks, invocation, shutdownHook, httpRoutes, outboundChecks, components, t);
  }
}
