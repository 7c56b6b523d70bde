package io.capa.sdk;

import io.capa.api.bindings.BindingService;
import io.capa.api.lock.LockService;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import io.capa.api.state.StateService;
import io.capa.sdk.spi.LocalBlocks;
import io.capa.sidecar.memory.MemoryState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * An in-process provider for the SDK-mode tests: offers only state, an in-memory store named after
 * the components folder's single file ("store.yaml" gives store "store"), so a test can tell the
 * folder was read. Found through META-INF/services of the test class path.
 */
public final class TestLocalBlocks implements LocalBlocks {
  static volatile TestLocalBlocks last;

  final Path components;
  final String appId;
  final MemoryState state;
  volatile boolean closed;

  TestLocalBlocks(Path components, String appId) {
    this.components = components;
    this.appId = appId;
    try (var files = Files.list(components)) {
      String[] stores = files.map(f -> f.getFileName().toString().replace(".yaml", "")).toArray(String[]::new);
      this.state = new MemoryState(stores);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static final class Provider implements LocalBlocks.Provider {
    @Override
    public LocalBlocks open(Path components, String appId, Executor executor) {
      TestLocalBlocks b = new TestLocalBlocks(components, appId);
      last = b;
      return b;
    }
  }

  @Override
  public Optional<StateService> state() {
    return Optional.of(state);
  }

  @Override
  public Optional<PubSubService> pubSub() {
    return Optional.empty();
  }

  @Override
  public Optional<SecretService> secrets() {
    return Optional.empty();
  }

  @Override
  public Optional<LockService> locks() {
    return Optional.empty();
  }

  @Override
  public Optional<SequencerService> sequencer() {
    return Optional.empty();
  }

  @Override
  public Optional<BindingService> bindings() {
    return Optional.empty();
  }

  @Override
  public Optional<io.capa.api.database.DatabaseService> database() {
    return Optional.empty();
  }

  @Override
  public Optional<io.capa.api.configuration.ConfigurationService> configuration() {
    return Optional.empty();
  }

  @Override
  public Optional<io.capa.api.telemetry.TelemetryService> telemetry() {
    return Optional.empty();
  }

  @Override
  public Optional<io.capa.api.schedules.ScheduleService> schedules() {
    return Optional.empty();
  }

  @Override
  public void close() {
    closed = true;
  }
}
