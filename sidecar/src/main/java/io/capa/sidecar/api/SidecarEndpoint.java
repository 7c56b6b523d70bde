package io.capa.sidecar.api;

import io.capa.actors.api.ActorRuntime;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcServer;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.sidecar.internal.Admission;
import io.capa.sidecar.internal.HostedTypes;
import io.capa.sidecar.internal.LoginServer;
import io.capa.sidecar.internal.RpcSettings;
import io.capa.sidecar.internal.RuntimeServer;
import io.capa.sidecar.internal.SidecarContext;
import com.typesafe.config.Config;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.InvocationSource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The runtime's Cap'n Proto RPC endpoint: {@code runtime.capnp} on {@code capa.rpc.port} (50001,
 * the YAML key {@code sidecar.grpcPort}), for applications in other processes.
 *
 * <pre>
 *   application ──TCP/TLS──► RpcTransport ──► Login ─authenticate(token)─► Runtime   (with a token)
 *                                          └──────────────────────────────► Runtime   (without one)
 *   Runtime ─► actor(type, id) ─► ActorRef ─► invocation graph ─► actor (sharding)
 *           ─► hostActors(type, host)        the type's turns call the application's ActorHost
 *           ─► registerApp(appId, handler)   calls for appId from anywhere in the cluster reach it
 *           ─► invoke(appId, ...)            ─► invocation graph ─► Applications
 *           ─► getState, publish, tryLock ... ─► invocation graph ─► BlockServices (api-spec services)
 *           ─► subscribe(spec, subscriber)   messages pushed to the application, a bounded number unanswered
 * </pre>
 *
 * <p>Without an API token the endpoint binds only to a loopback address; TLS is the switch {@code
 * capa.rpc.tls.enabled} with a key store.
 */
public final class SidecarEndpoint {
  private final RpcServer server;
  private final HostedTypes hosted;

  private SidecarEndpoint(RpcServer server, HostedTypes hosted) {
    this.server = server;
    this.hosted = hosted;
  }

  /**
   * Binds the endpoint. The stage fails with a configuration error (unsafe binding, unreadable key
   * store) or the bind failure; nothing stays bound then.
   *
   * @param shutdownHook what {@code Runtime.shutdown} runs, on a thread of its own
   */
  public static CompletionStage<SidecarEndpoint> start(
      ActorRuntime runtime, Config config, Applications applications, Admission admission, BlockServices blocks,
      Runnable shutdownHook) {
    RpcSettings settings;
    try {
      settings = RpcSettings.from(config);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    HostedTypes hosted = HostedTypes.of(runtime);
    SidecarContext ctx = new SidecarContext(settings, runtime, hosted, applications, admission, blocks, shutdownHook);
    return RpcTransport.serve(
            runtime.system(),
            settings.host(),
            settings.port(),
            () -> RpcOptions.DEFAULT.withBootstrap(Capability.of(bootstrap(ctx))),
            settings.maxConnections(),
            settings.tls())
        .thenApply(server -> new SidecarEndpoint(server, hosted));
  }

  /** As {@link #start(ActorRuntime, Config, Applications, BlockServices, Runnable)}, serving no building blocks. */
  public static CompletionStage<SidecarEndpoint> start(
      ActorRuntime runtime, Config config, Applications applications, Runnable shutdownHook) {
    return start(runtime, config, applications, BlockServices.NONE, shutdownHook);
  }

  /**
   * Binds the endpoint with the node's {@link InvocationGraph} as the door of every call, serving
   * {@code blocks} besides actors and service invocation.
   */
  public static CompletionStage<SidecarEndpoint> start(
      ActorRuntime runtime, Config config, Applications applications, BlockServices blocks, Runnable shutdownHook) {
    InvocationGraph graph = InvocationGraph.get(runtime.system());
    Admission admission =
        new Admission() {
          @Override
          public <T> CompletionStage<T> admit(String target, Duration budget, Supplier<CompletionStage<T>> call) {
            return graph.submit(new Invocation<>(InvocationSource.RPC, target, Instant.now().plus(budget), call));
          }
        };
    return start(runtime, config, applications, admission, blocks, shutdownHook);
  }

  private static io.capa.capnp.rpc.Server bootstrap(SidecarContext ctx) {
    String token = ctx.settings().apiToken();
    return token.isEmpty() ? new RuntimeServer(ctx) : new LoginServer(token, () -> new RuntimeServer(ctx));
  }

  public int port() {
    return server.address().getPort();
  }

  /** Application connections open now. */
  public int connections() {
    return server.connections();
  }

  /** Actor types whose application host is connected now. */
  public java.util.List<String> hostedActorTypes() {
    return hosted.connected();
  }

  /** Stops accepting connections and closes the open ones. */
  public void stop() {
    server.close();
  }
}
