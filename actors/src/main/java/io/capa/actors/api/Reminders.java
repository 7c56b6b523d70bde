package io.capa.actors.api;

import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Durable reminders of the current actor. They are kept in a partitioned store apart from the actor,
 * survive passivation, restarts and node loss, and fire {@link Actor#onReminder} at least once.
 */
public interface Reminders {
  CompletionStage<Void> register(ReminderSpec reminder);

  CompletionStage<Boolean> unregister(String name);

  CompletionStage<Optional<ReminderInfo>> get(String name);

  CompletionStage<List<ReminderInfo>> list();
}
