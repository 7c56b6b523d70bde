package io.capa.bindings.api;

import io.capa.api.actors.ActorService;
import io.capa.bindings.internal.targets.ActorTarget;
import io.capa.bindings.internal.targets.AppHttpTarget;
import io.capa.bindings.spi.BindingTarget;
import io.capa.bindings.spi.InputSettings;
import io.capa.runtime.api.InvocationGraph;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The runtime's targets, every one entered through the node's {@link InvocationGraph} (source
 * {@code binding}): actor methods through {@link ActorService}, the application's HTTP routes at
 * {@code appBase} ({@code POST <appBase><route>}, 2xx = handled, as Dapr), and an application
 * capability over RPC when the sidecar supplies one.
 */
public final class RuntimeBindingTargets implements BindingTargets {
  private final InvocationGraph graph;
  private final Optional<ActorService> actors;
  private final Optional<URI> appBase;
  private final Optional<BindingTarget> rpc;
  private final Duration timeout;
  private final HttpClient http;

  public RuntimeBindingTargets(InvocationGraph graph, Optional<ActorService> actors, Optional<URI> appBase,
      Optional<BindingTarget> rpc, Duration timeout, Executor executor) {
    this.graph = Objects.requireNonNull(graph, "graph");
    this.actors = Objects.requireNonNull(actors, "actors");
    this.appBase = Objects.requireNonNull(appBase, "appBase");
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().executor(executor).connectTimeout(timeout).build();
  }

  @Override
  public BindingTarget resolve(String binding, InputSettings settings) {
    String target = settings.target();
    if (target.equals("app")) {
      URI base = appBase.orElseThrow(() -> new IllegalArgumentException(
          "binding '" + binding + "' targets the application, but no app port is configured"));
      return new AppHttpTarget(graph, http, base.resolve(settings.route()), timeout);
    }
    if (target.equals("rpc")) {
      return rpc.orElseThrow(() -> new IllegalArgumentException(
          "binding '" + binding + "' targets an application capability, but none is registered"));
    }
    String[] parts = target.split("/");
    ActorService service = actors.orElseThrow(() -> new IllegalArgumentException(
        "binding '" + binding + "' targets actor type " + parts[1] + ", but this runtime hosts no actors"));
    return new ActorTarget(graph, service, parts[1], parts[2], parts[3], timeout);
  }
}
