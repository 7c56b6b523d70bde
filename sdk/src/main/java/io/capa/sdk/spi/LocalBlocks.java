package io.capa.sdk.spi;

import io.capa.api.bindings.BindingService;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.database.DatabaseService;
import io.capa.api.lock.LockService;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import io.capa.api.state.StateService;
import io.capa.api.telemetry.TelemetryService;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The building blocks served inside the application's process, for SDK mode: what a provider built
 * from a components folder. A block the provider does not offer is empty, and the client answers
 * its calls with {@code ERR_NOT_SUPPORTED}. Closing releases the components.
 */
public interface LocalBlocks extends AutoCloseable {
  Optional<StateService> state();

  Optional<PubSubService> pubSub();

  Optional<SecretService> secrets();

  Optional<LockService> locks();

  Optional<SequencerService> sequencer();

  Optional<BindingService> bindings();

  Optional<DatabaseService> database();

  Optional<ConfigurationService> configuration();

  Optional<TelemetryService> telemetry();

  Optional<ScheduleService> schedules();

  @Override
  void close();

  /**
   * Builds {@link LocalBlocks} from a components folder. Found through {@link java.util.ServiceLoader}
   * ({@code META-INF/services/io.capa.sdk.spi.LocalBlocks$Provider}), so the SDK needs no compile-time
   * dependency on the building blocks: an application that wants SDK mode adds the module that
   * provides one.
   */
  interface Provider {
    /**
     * @param components the folder of component YAML files
     * @param executor where blocking component work may run
     */
    LocalBlocks open(Path components, String appId, Executor executor);
  }
}
