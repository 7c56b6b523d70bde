package io.capa.api.actors;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The actor building block of the portable API, in raw bytes. The HTTP API, the RPC endpoint and the
 * SDK all call actors through this interface; the typed Java API of the actor runtime sits on top.
 *
 * <p>Every stage fails with {@link io.capa.api.CapaException} and a stable error code.
 */
public interface ActorService {
  /** Calls a method as one turn of the actor and returns the encoded result (empty for no result). */
  CompletionStage<byte[]> invoke(ActorInvocation invocation);

  /** Reads one key of an actor's saved state. */
  CompletionStage<Optional<byte[]>> getState(ActorId actor, String key);

  /** Applies the operations atomically, as one turn of the actor. */
  CompletionStage<Void> transactState(ActorId actor, List<StateOperation> operations);

  /** Registers a reminder, or replaces the one of the same name. */
  CompletionStage<Void> registerReminder(ActorId actor, ReminderSpec reminder);

  CompletionStage<Optional<ReminderInfo>> getReminder(ActorId actor, String name);

  /** Completes with {@code false} when no reminder of that name was registered. */
  CompletionStage<Boolean> unregisterReminder(ActorId actor, String name);

  CompletionStage<List<ReminderInfo>> listReminders(ActorId actor);

  CompletionStage<List<ReminderInfo>> listReminders(String actorType);

  /** Starts a timer on the actor's current activation, activating it if needed. */
  CompletionStage<Void> registerTimer(ActorId actor, TimerSpec timer);

  /** Completes with {@code false} when the activation had no timer of that name. */
  CompletionStage<Boolean> unregisterTimer(ActorId actor, String name);

  /** The registered actor types with their active counts on this node. */
  CompletionStage<List<ActorTypeInfo>> actorTypes();
}
