package io.capa.actors.api;

import io.capa.api.actors.ActorId;

/** What an actor can reach during a turn. Valid only on the actor's own turns. */
public interface ActorContext {
  ActorId id();

  /** The actor's key/value state; changes are saved when the current turn ends successfully. */
  StateManager state();

  /** Volatile timers of this activation. */
  Timers timers();

  /** Durable reminders of this actor. */
  Reminders reminders();

  /** Calls to other actors, carrying this turn's call chain (for reentrancy). */
  ActorClient actors();

  /**
   * Brings a stage from elsewhere (an HTTP client, a thread pool) back into this turn: the returned
   * stage completes on the actor's own thread, so its continuations may use the state. Stages from
   * {@link #actors()} and {@link #reminders()} already behave this way.
   */
  <T> java.util.concurrent.CompletionStage<T> inTurn(java.util.concurrent.CompletionStage<T> stage);
}
