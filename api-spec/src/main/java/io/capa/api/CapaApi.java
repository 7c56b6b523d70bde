package io.capa.api;

import io.capa.api.actors.ActorService;
import io.capa.api.bindings.BindingService;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.database.DatabaseService;
import io.capa.api.files.FileService;
import io.capa.api.invocation.InvocationService;
import io.capa.api.lock.LockService;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import io.capa.api.state.StateService;
import io.capa.api.telemetry.TelemetryService;

/**
 * Every building block of the portable API in one place: what the in-process SDK hands an
 * application, and what the HTTP and RPC endpoints call into. Each accessor returns the same
 * instance every time.
 */
public interface CapaApi {
  ActorService actors();

  InvocationService invocation();

  StateService state();

  PubSubService pubSub();

  BindingService bindings();

  ConfigurationService configuration();

  SecretService secrets();

  LockService locks();

  SequencerService sequencer();

  FileService files();

  DatabaseService database();

  ScheduleService schedules();

  TelemetryService telemetry();
}
