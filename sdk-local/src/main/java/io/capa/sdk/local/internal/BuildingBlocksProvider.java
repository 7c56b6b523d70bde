package io.capa.sdk.local.internal;

import io.capa.api.bindings.BindingService;
import io.capa.api.lock.LockService;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import io.capa.api.state.StateService;
import io.capa.blocks.api.BuildingBlocks;
import io.capa.sdk.spi.LocalBlocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * INTERNAL API: SDK mode's building blocks, as the runtime builds them ({@link BuildingBlocks}: the
 * components folder with hot reload, the same component types and services), inside the
 * application's process. Blocks {@code BuildingBlocks} does not carry answer {@code
 * ERR_NOT_SUPPORTED} from it, naming themselves.
 */
public final class BuildingBlocksProvider implements LocalBlocks.Provider {
  /** How often the folder is read again when no file-system event arrives, as the runtime does. */
  private static final Duration RESCAN = Duration.ofSeconds(5);

  @Override
  public LocalBlocks open(Path components, String appId, Executor executor) {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "capa-sdk-components-" + appId);
      t.setDaemon(true);
      return t;
    });
    try {
      Path dataDir = Files.createTempDirectory("capa-sdk-" + appId.replaceAll("[^A-Za-z0-9_-]", "_"));
      BuildingBlocks blocks = BuildingBlocks.start(
          new BuildingBlocks.Settings(Optional.of(components), appId, executor, scheduler, dataDir, RESCAN));
      return new Local(blocks, scheduler);
    } catch (IOException e) {
      scheduler.shutdownNow();
      throw new UncheckedIOException("creating the data folder of the in-process components", e);
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      throw e;
    }
  }

  private record Local(BuildingBlocks blocks, ScheduledExecutorService scheduler) implements LocalBlocks {
    @Override
    public Optional<StateService> state() {
      return Optional.of(blocks.state());
    }

    @Override
    public Optional<PubSubService> pubSub() {
      return Optional.of(blocks.pubSub());
    }

    @Override
    public Optional<SecretService> secrets() {
      return Optional.of(blocks.secrets());
    }

    @Override
    public Optional<LockService> locks() {
      return Optional.of(blocks.locks());
    }

    @Override
    public Optional<SequencerService> sequencer() {
      return Optional.of(blocks.sequencer());
    }

    @Override
    public Optional<BindingService> bindings() {
      return Optional.of(blocks.bindings());
    }

    @Override
    public Optional<io.capa.api.database.DatabaseService> database() {
      return Optional.of(blocks.database());
    }

    @Override
    public Optional<io.capa.api.configuration.ConfigurationService> configuration() {
      return Optional.of(blocks.configuration());
    }

    @Override
    public Optional<io.capa.api.telemetry.TelemetryService> telemetry() {
      return Optional.of(blocks.telemetry());
    }

    @Override
    public Optional<io.capa.api.schedules.ScheduleService> schedules() {
      return Optional.of(blocks.schedules());
    }

    @Override
    public void close() {
      blocks.close();
      scheduler.shutdownNow();
    }
  }
}
