package io.capa.sdk.api;

import io.capa.api.actors.ActorId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An actor type served by the application: the runtime calls it one turn at a time per actor, with
 * the guarantees of an actor inside the runtime (state saved per turn, durable reminders). The
 * methods run on the client's handler executor, never on its connection thread, so a slow method
 * delays only its own actor.
 *
 * <p>Failing with a {@link io.capa.api.CapaException} passes its code to the caller; any other
 * failure reaches the caller as {@code ERR_ACTOR_METHOD_FAILED} naming the exception's class.
 */
@FunctionalInterface
public interface HostedActor {
  /** A method call, or a timer firing (the method is then the timer's callback). */
  CompletionStage<byte[]> invoke(ActorTurn turn, String method, byte[] payload);

  /** A reminder fired. By default it is acknowledged without doing anything. */
  default CompletionStage<Void> reminder(ActorTurn turn, String name, byte[] data) {
    return CompletableFuture.completedFuture(null);
  }

  /** The actor was activated on the runtime (a notification: its outcome is not awaited). */
  default void activated(ActorId id) {}

  /** The actor was passivated on the runtime (a notification). */
  default void deactivated(ActorId id) {}
}
