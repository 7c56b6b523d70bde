package io.capa.dist.internal;

import com.typesafe.config.Config;
import io.capa.actors.api.ActorRuntime;
import io.capa.actors.internal.ServerUrl;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.spi.HealthCheck;
import java.nio.file.Path;
import io.capa.telemetry.api.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import io.capa.blocks.api.BuildingBlocks;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.BlockServices;
import io.capa.telemetry.api.OtelTelemetryService;
import io.capa.sidecar.api.SidecarEndpoint;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: one running Capa node as the launcher wires it: the actor runtime with every
 * discovered actor type, then the HTTP API and the metrics endpoint over it, with the cluster and
 * persistence health checks, and the building blocks over the components folder, all reporting spans
 * to the node's telemetry ({@code capa.telemetry.*}, off by default). {@link #stop} takes them down
 * in the reverse order, so in-flight HTTP calls finish while their actors are still alive, and
 * exports the last spans after them.
 */
public final class Node {
  /** How long each half of a stop may take before the next one starts anyway. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Config config;
  private final ActorRuntime runtime;
  private final RuntimeServers servers;
  private final PersistenceHealthCheck persistenceCheck;
  private final SidecarEndpoint rpc;
  private final NodeComponents components;
  private final Telemetry telemetry;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private Node(
      Config config,
      ActorRuntime runtime,
      RuntimeServers servers,
      PersistenceHealthCheck check,
      SidecarEndpoint rpc,
      NodeComponents components,
      Telemetry telemetry) {
    this.telemetry = telemetry;
    this.components = components;
    this.config = config;
    this.runtime = runtime;
    this.servers = servers;
    this.persistenceCheck = check;
    this.rpc = rpc;
  }

  /** Starts a node whose {@code /v1.0/shutdown} (HTTP or RPC) stops it. */
  public static Node start(Config loaded) {
    AtomicReference<Node> self = new AtomicReference<>();
    Node node = start(loaded, () -> {
      Node n = self.get();
      if (n != null) {
        n.stop();
      }
    });
    self.set(node);
    return node;
  }

  /**
   * Starts the node and returns once the HTTP API accepts calls. Failures (bad settings, a port in
   * use) are thrown unwrapped, after whatever had started is stopped again.
   */
  /**
   * Starts the node and returns once the HTTP API accepts calls.
   *
   * @param shutdownRequested what a shutdown request over HTTP or RPC runs, on a thread of its own
   *     (the launcher exits the process, which stops the node through its shutdown hook)
   */
  public static Node start(Config loaded, Runnable shutdownRequested) {
    Config config = loaded;
    // Checked first: a components folder that is not there fails before anything binds a port.
    Optional<Path> componentsFolder = NodeComponents.folder(config.getString("capa.components.path"));
    Telemetry telemetry = Telemetry.fromConfig(config);
    ActorRuntime runtime;
    try {
      runtime = ActorRuntime.builder().config(config).registerDiscovered().tracing(telemetry.tracing()).start();
    } catch (RuntimeException e) {
      telemetry.close();
      throw e;
    }
    PersistenceHealthCheck persistence = new PersistenceHealthCheck(runtime.system().settings().config(), runtime::persistenceStatus);
    NodeComponents components = null;
    try {
      List<HealthCheck> checks = List.of(new ClusterHealthCheck(runtime.system()), persistence);
      Applications applications = Applications.create(runtime.system());
      components = NodeComponents.start(
          config, componentsFolder, runtime, applications, new OtelTelemetryService(telemetry), telemetry.tracing());
      RuntimeServices services =
          components.wire(
              new RuntimeServices(config, runtime.service(), runtime.metrics(), checks, applications, shutdownRequested)
                  .withTracing(telemetry.tracing()));
      RuntimeServers servers = RuntimeServers.start(runtime.system(), services).toCompletableFuture().join();
      SidecarEndpoint rpc;
      try {
        // The SDK reaches the same building blocks over RPC as HTTP clients do.
        BuildingBlocks blocks = components.blocks();
        BlockServices blockServices = BlockServices.NONE
            .withState(blocks.state())
            .withPubSub(blocks.pubSub())
            .withSecrets(blocks.secrets())
            .withLocks(blocks.locks())
            .withSequencer(blocks.sequencer())
            .withBindings(blocks.bindings())
            .withConfiguration(blocks.configuration())
            .withDatabase(blocks.database())
            .withSchedules(blocks.schedules())
            .withTelemetry(blocks.telemetry());
        rpc = SidecarEndpoint.start(runtime, config, applications, blockServices, shutdownRequested)
            .toCompletableFuture().join();
      } catch (RuntimeException e) {
        servers.stop();
        throw e;
      }
      return new Node(config, runtime, servers, persistence, rpc, components, telemetry);
    } catch (RuntimeException e) {
      if (components != null) {
        components.close();
      }
      persistence.close();
      runtime.close();
      telemetry.close();
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  public int httpPort() {
    return servers.httpPort();
  }

  public int rpcPort() {
    return rpc.port();
  }

  public int metricsPort() {
    return servers.metricsPort();
  }

  public ActorRuntime runtime() {
    return runtime;
  }

  /** The building blocks over the components folder. */
  public io.capa.blocks.api.BuildingBlocks blocks() {
    return components.blocks();
  }

  /** The input bindings running on this node now (a once-per-cluster one runs on one node only). */
  List<String> runningInputBindings() {
    return components.runningInputBindings();
  }

  /** The line the launcher prints once the node serves, for people and for scripts waiting on it. */
  public String readyLine(Duration startup) {
    return "capa ready: http="
        + config.getString("capa.http.host") + ":" + httpPort()
        + " rpc=" + config.getString("capa.rpc.host") + ":" + rpcPort()
        + " metrics=" + config.getString("capa.metrics.host") + ":" + metricsPort()
        + " actors=" + runtime.actorTypes()
        + " persistence=" + persistenceDescription()
        + " components=" + components.description()
        + " in " + startup.toMillis() + " ms";
  }

  private String persistenceDescription() {
    String backend = config.getString("capa.persistence.backend");
    Config node = runtime.system().settings().config();
    return switch (backend) {
      case "h2" -> "h2 (" + config.getString("capa.data-dir") + ")";
      case "inmem" -> "inmem (nothing survives a restart)";
      case "redis" -> "redis (" + ServerUrl.redact(node.getString("capa.persistence.redis.connection.url")) + ")";
      default -> backend + " (" + ServerUrl.redact(node.getString("capa.persistence.jdbc.connection.url")) + ")";
    };
  }

  /**
   * Stops the RPC endpoint and the HTTP servers (draining in-flight requests), then the input
   * bindings, pub/sub deliveries and components, then the actor runtime, then telemetry.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    rpc.stop();
    try {
      servers.stop().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // The runtime must stop even if the servers did not drain in time.
      LoggerFactory.getLogger(Node.class).warn("HTTP servers did not stop cleanly: {}", e.toString());
    } finally {
      components.close();
      persistenceCheck.close();
      try {
        runtime.close();
      } finally {
        telemetry.close();
      }
    }
  }
}
