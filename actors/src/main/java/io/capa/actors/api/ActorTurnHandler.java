package io.capa.actors.api;

import io.capa.api.actors.ActorId;
import java.util.concurrent.CompletionStage;

/**
 * Runs the turns of an actor type whose code lives elsewhere, typically in an application in
 * another process reached over RPC. Register it with {@link ActorType#dispatching}.
 *
 * <p>Each call of {@link #invoke} or {@link #reminder} is one turn of the actor, with the same
 * guarantees as a turn of a Java actor: one turn at a time per actor (reentrant calls of the same
 * call chain aside), bounded by the type's turn timeout, its state changes saved atomically when the
 * returned stage completes normally and dropped when it fails. The handler reaches the actor's state,
 * timers, reminders and other actors through the {@link TurnScope} it is given, from any thread.
 *
 * <p>The methods are called on the actor's own thread and must return promptly: start the remote
 * work and return a stage of its result. When a turn runs out of time, the runtime cancels the
 * returned stage ({@code toCompletableFuture().cancel(false)}) so that the remote work can be
 * stopped; callbacks attached to the stage then run on the actor's thread and must not block either.
 */
public interface ActorTurnHandler {
  /**
   * A method call, or a timer firing (then {@code method} is the timer's callback name and {@code
   * payload} its data). Method names are not checked by the runtime: an unknown one is the handler's
   * to refuse, for instance with a {@code CapaException} of {@code ACTOR_METHOD_NOT_FOUND}.
   *
   * @return a stage of the encoded result; failing it fails the call with {@code
   *     ERR_ACTOR_METHOD_FAILED} (or the code of a {@code CapaException}) and saves nothing
   */
  CompletionStage<byte[]> invoke(TurnScope turn, String method, byte[] payload);

  /**
   * A reminder firing. Failing the stage applies the reminder's failure policy, as {@link
   * Actor#onReminder} throwing does.
   */
  CompletionStage<Void> reminder(TurnScope turn, String name, byte[] data);

  /** The actor was activated (its saved state is loaded). On the actor's thread; must not block. */
  default void activated(ActorId id) {}

  /** The actor was passivated. On the actor's thread; must not block. */
  default void deactivated(ActorId id) {}
}
