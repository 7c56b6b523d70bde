package io.capa.actors.internal;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** INTERNAL API: the reminder store as the rest of the runtime sees it. */
interface ReminderGateway {
  CompletionStage<Void> register(ActorId actor, ReminderSpec spec);

  CompletionStage<Boolean> unregister(ActorId actor, String name);

  CompletionStage<Optional<ReminderInfo>> get(ActorId actor, String name);

  CompletionStage<List<ReminderInfo>> list(ActorId actor);

  CompletionStage<List<ReminderInfo>> listType(String actorType);
}
