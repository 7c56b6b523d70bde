package io.capa.actors.api;

import io.capa.api.actors.ActorId;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One running turn of an actor served by an {@link ActorTurnHandler}: the way back into the actor
 * for code that runs on other threads. Thread-safe.
 *
 * <p>Actions run on the actor's own thread, inside this turn: reads of {@link ActorContext#state()}
 * see the writes this turn made so far, writes join this turn's changes (saved when the turn ends
 * successfully), and {@link ActorContext#actors()} calls carry this turn's call chain, so that a call
 * coming back to this actor is recognised as reentrant. The context is valid only while the action
 * runs; do not keep it.
 *
 * <p>Once the turn has ended (its stage completed or failed, or it ran out of time), both methods
 * fail with a {@code CapaException} of {@code INVALID_REQUEST}, and so do stages of actions that
 * were still pending then.
 */
public interface TurnScope {
  ActorId id();

  /** Runs {@code action} in this turn; the stage completes with its result or what it threw. */
  <T> CompletionStage<T> run(Function<ActorContext, T> action);

  /**
   * Runs {@code action} in this turn and completes with the stage it returns. Stages the context
   * hands out (calls to other actors, reminder operations) already complete inside the turn.
   */
  <T> CompletionStage<T> runAsync(Function<ActorContext, CompletionStage<T>> action);
}
