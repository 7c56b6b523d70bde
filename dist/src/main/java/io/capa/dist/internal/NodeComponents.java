package io.capa.dist.internal;

import com.typesafe.config.Config;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.invocation.InvocationService;
import io.capa.api.telemetry.TelemetryService;
import io.capa.bindings.api.InputBindings;
import io.capa.bindings.api.RuntimeBindingTargets;
import io.capa.blocks.api.BuildingBlocks;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.ComponentsListener;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.spi.ComponentInfo;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.stream.Materializer;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the node's building blocks over its components folder ({@code
 * capa.components.path}), with the threads they run on, and how they plug into the servers: their
 * HTTP routes, a {@code components} check on {@code /v1.0/healthz/outbound} (not on {@code
 * /v1.0/healthz}: a component that is down recovers by itself and must not get the node
 * restarted), and the component list of {@code /v1.0/metadata}. It also runs the input bindings
 * into their targets (the application's HTTP routes through the app channel, {@code capa.app.port},
 * or actor methods), starting those added to the folder while it runs; those that must run once per
 * cluster (cron) run on one member only, through {@link ClusterPlacement}.
 */
final class NodeComponents implements AutoCloseable {
  static final Path DEFAULT_FOLDER = Path.of("components");

  private final BuildingBlocks blocks;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService blocking;
  private final Optional<Path> folder;
  private final InputBindings inputs;

  private NodeComponents(BuildingBlocks blocks, ScheduledExecutorService scheduler, ExecutorService blocking,
      Optional<Path> folder, InputBindings inputs) {
    this.inputs = inputs;
    this.blocks = blocks;
    this.scheduler = scheduler;
    this.blocking = blocking;
    this.folder = folder;
  }

  /**
   * The application's HTTP server from {@code capa.app.port} ({@code capa.app.host}); empty when
   * the port is 0: no app channel.
   */
  static Optional<URI> appChannel(Config config) {
    int port = config.getInt("capa.app.port");
    if (port == 0) {
      return Optional.empty();
    }
    return Optional.of(URI.create("http://" + config.getString("capa.app.host") + ":" + port + "/"));
  }

  /**
   * @param folder the components folder, as {@link #folder} found it
   * @param runtime the actor runtime schedules and actor-targeted input bindings use
   * @param invocation how schedules reach their targets
   * @param telemetry the telemetry block
   */
  static NodeComponents start(Config config, Optional<Path> folder, ActorRuntime runtime,
      InvocationService invocation, TelemetryService telemetry, io.capa.runtime.spi.Tracing tracing) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("capa-components-timer"));
    ExecutorService blocking = Executors.newCachedThreadPool(daemon("capa-components-io"));
    BuildingBlocks blocks = null;
    try {
      Path dataDir = Path.of(config.getString("capa.data-dir"), "components");
      Files.createDirectories(dataDir);
      Optional<URI> app = appChannel(config);
      BuildingBlocks.Settings settings =
          new BuildingBlocks.Settings(
                  folder,
                  config.getString("capa.app-id"),
                  blocking,
                  scheduler,
                  dataDir,
                  io.capa.components.api.ComponentsFolder.DEFAULT_RESCAN_INTERVAL)
              .withActors(runtime, invocation)
              .withTelemetry(telemetry)
              .withTracing(tracing);
      if (app.isPresent()) {
        settings = settings.withApp(app.get());
      } else {
        LoggerFactory.getLogger(NodeComponents.class).info(
            "no app channel (capa.app.port / --app-port): pub/sub deliveries to app routes, input bindings to "
                + "the app and configuration pushes are off");
      }
      blocks = BuildingBlocks.start(settings);
      RuntimeBindingTargets targets =
          new RuntimeBindingTargets(InvocationGraph.get(runtime.system()), Optional.of(runtime.service()), app,
              Optional.empty(), Duration.ofSeconds(30), blocking);
      InputBindings inputs = new InputBindings(blocks.components(), targets, blocks.bindings(),
          Materializer.createMaterializer(runtime.system()), scheduler, blocking, ClusterPlacement.of(runtime.system()));
      inputs.start();
      // Input bindings added or changed while the node runs start without a restart.
      blocks.components().addListener(new ComponentsListener() {
        @Override
        public void onChange(ComponentChange change) {
          for (ComponentSpec removed : change.removed()) {
            inputs.stop(removed.name());
          }
          for (ComponentSpec changed : change.changed()) {
            inputs.stop(changed.name());
          }
          inputs.start();
        }

        @Override
        public void onError(ComponentError error) {}
      });
      return new NodeComponents(blocks, scheduler, blocking, folder, inputs);
    } catch (java.io.IOException | RuntimeException e) {
      if (blocks != null) {
        blocks.close();
      }
      scheduler.shutdownNow();
      blocking.shutdownNow();
      throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot create the components data folder: " + e, e);
    }
  }

  /**
   * The folder to load: the one configured, which must exist, or ./components when it exists.
   *
   * @throws IllegalArgumentException when {@code configured} names a folder that does not exist
   */
  static Optional<Path> folder(String configured) {
    if (configured.isBlank()) {
      return Files.isDirectory(DEFAULT_FOLDER) ? Optional.of(DEFAULT_FOLDER) : Optional.empty();
    }
    Path path = Path.of(configured);
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          "components folder " + path.toAbsolutePath() + " (components.path or --components) "
              + (Files.exists(path) ? "is not a folder" : "does not exist"));
    }
    return Optional.of(path);
  }

  RuntimeServices wire(RuntimeServices services) {
    return services
        .withHttpRoutes(blocks.httpRoutes())
        .withOutboundChecks(List.of(blocks.health()))
        .withComponents(blocks::componentInfo);
  }

  BuildingBlocks blocks() {
    return blocks;
  }

  /** The input bindings running on this node now. */
  List<String> runningInputBindings() {
    return inputs.running();
  }

  /** For the ready line: the folder and the components' names. */
  String description() {
    return folder.map(f -> f + " " + blocks.componentInfo().stream().map(ComponentInfo::name).toList()).orElse("none");
  }

  /** Input bindings first (events under way finish), then the blocks and their components. */
  @Override
  public void close() {
    inputs.close();
    blocks.close();
    scheduler.shutdownNow();
    blocking.shutdown();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
