package io.capa.sidecar.api;

import io.capa.api.CapaApi;
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
import java.util.Optional;

/**
 * The building blocks the endpoint serves to applications, as the portable API's services. A block
 * left empty answers every call with {@code ERR_NOT_SUPPORTED} naming it.
 */
public record BlockServices(
    Optional<StateService> state,
    Optional<PubSubService> pubSub,
    Optional<SecretService> secrets,
    Optional<LockService> locks,
    Optional<SequencerService> sequencer,
    Optional<BindingService> bindings,
    Optional<DatabaseService> database,
    Optional<ConfigurationService> configuration,
    Optional<TelemetryService> telemetry,
    Optional<ScheduleService> schedules) {

  /** No building blocks: only actors and service invocation are served. */
  public static final BlockServices NONE =
      new BlockServices(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public BlockServices {
    state = Optional.ofNullable(state).flatMap(s -> s);
    pubSub = Optional.ofNullable(pubSub).flatMap(s -> s);
    secrets = Optional.ofNullable(secrets).flatMap(s -> s);
    locks = Optional.ofNullable(locks).flatMap(s -> s);
    sequencer = Optional.ofNullable(sequencer).flatMap(s -> s);
    bindings = Optional.ofNullable(bindings).flatMap(s -> s);
    database = Optional.ofNullable(database).flatMap(s -> s);
    configuration = Optional.ofNullable(configuration).flatMap(s -> s);
    telemetry = Optional.ofNullable(telemetry).flatMap(s -> s);
    schedules = Optional.ofNullable(schedules).flatMap(s -> s);
  }

  /** Every block the endpoint can serve, taken from one API facade. */
  public static BlockServices of(CapaApi api) {
    return new BlockServices(Optional.ofNullable(api.state()), Optional.ofNullable(api.pubSub()),
        Optional.ofNullable(api.secrets()), Optional.ofNullable(api.locks()), Optional.ofNullable(api.sequencer()),
        Optional.ofNullable(api.bindings()), Optional.ofNullable(api.database()),
        Optional.ofNullable(api.configuration()), Optional.ofNullable(api.telemetry()),
        Optional.ofNullable(api.schedules()));
  }

  public BlockServices withState(StateService s) {
    return new BlockServices(Optional.of(s), pubSub, secrets, locks, sequencer, bindings, database, configuration, telemetry, schedules);
  }

  public BlockServices withPubSub(PubSubService s) {
    return new BlockServices(state, Optional.of(s), secrets, locks, sequencer, bindings, database, configuration, telemetry, schedules);
  }

  public BlockServices withSecrets(SecretService s) {
    return new BlockServices(state, pubSub, Optional.of(s), locks, sequencer, bindings, database, configuration, telemetry, schedules);
  }

  public BlockServices withLocks(LockService s) {
    return new BlockServices(state, pubSub, secrets, Optional.of(s), sequencer, bindings, database, configuration, telemetry, schedules);
  }

  public BlockServices withSequencer(SequencerService s) {
    return new BlockServices(state, pubSub, secrets, locks, Optional.of(s), bindings, database, configuration, telemetry, schedules);
  }

  public BlockServices withSchedules(ScheduleService s) {
    return new BlockServices(state, pubSub, secrets, locks, sequencer, bindings, database, configuration, telemetry,
        Optional.of(s));
  }

  public BlockServices withTelemetry(TelemetryService s) {
    return new BlockServices(state, pubSub, secrets, locks, sequencer, bindings, database, configuration, Optional.of(s), schedules);
  }

  public BlockServices withConfiguration(ConfigurationService s) {
    return new BlockServices(state, pubSub, secrets, locks, sequencer, bindings, database, Optional.of(s), telemetry, schedules);
  }

  public BlockServices withDatabase(DatabaseService s) {
    return new BlockServices(state, pubSub, secrets, locks, sequencer, bindings, Optional.of(s), configuration, telemetry, schedules);
  }

  public BlockServices withBindings(BindingService s) {
    return new BlockServices(state, pubSub, secrets, locks, sequencer, Optional.of(s), database, configuration, telemetry, schedules);
  }
}
