package io.capa.dist.internal;

import com.typesafe.config.Config;
import io.capa.blocks.api.BuildingBlocks;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.spi.ComponentInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * INTERNAL API: the node's building blocks over its components folder ({@code
 * capa.components.path}), with the threads they run on, and how they plug into the servers: their
 * HTTP routes, a {@code components} check on {@code /v1.0/healthz/outbound} (not on {@code
 * /v1.0/healthz}: a component that is down recovers by itself and must not get the node
 * restarted), and the component list of {@code /v1.0/metadata}.
 */
final class NodeComponents implements AutoCloseable {
  static final Path DEFAULT_FOLDER = Path.of("components");

  private final BuildingBlocks blocks;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService blocking;
  private final Optional<Path> folder;

  private NodeComponents(
      BuildingBlocks blocks, ScheduledExecutorService scheduler, ExecutorService blocking, Optional<Path> folder) {
    this.blocks = blocks;
    this.scheduler = scheduler;
    this.blocking = blocking;
    this.folder = folder;
  }

  /** @param folder the components folder, as {@link #folder} found it */
  static NodeComponents start(Config config, Optional<Path> folder) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("capa-components-timer"));
    ExecutorService blocking = Executors.newCachedThreadPool(daemon("capa-components-io"));
    try {
      Path dataDir = Path.of(config.getString("capa.data-dir"), "components");
      Files.createDirectories(dataDir);
      BuildingBlocks blocks =
          BuildingBlocks.start(
              new BuildingBlocks.Settings(
                  folder,
                  config.getString("capa.app-id"),
                  blocking,
                  scheduler,
                  dataDir,
                  io.capa.components.api.ComponentsFolder.DEFAULT_RESCAN_INTERVAL));
      return new NodeComponents(blocks, scheduler, blocking, folder);
    } catch (java.io.IOException | RuntimeException e) {
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

  /** For the ready line: the folder and the components' names. */
  String description() {
    return folder.map(f -> f + " " + blocks.componentInfo().stream().map(ComponentInfo::name).toList()).orElse("none");
  }

  @Override
  public void close() {
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
