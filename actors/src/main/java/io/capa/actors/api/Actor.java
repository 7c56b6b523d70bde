package io.capa.actors.api;

/**
 * Base class of an in-process virtual actor.
 *
 * <p>An actor is never created by user code: the runtime activates one on its first message, calls
 * {@link #onActivate()}, and runs one turn at a time on it (a method call, a timer or a reminder).
 * Methods callable by name are the public methods of the interfaces the actor class implements (see
 * {@link ActorMethod}); each takes at most one argument, decoded by the type's {@link Codec}, and
 * returns a value or a {@code CompletionStage} of one. A turn ends when that value is available, and
 * the state changes it made are then saved atomically; a turn that throws saves nothing.
 *
 * <p>Code in a turn must not block: call other actors through {@link ActorContext#actors()} and
 * return the resulting {@code CompletionStage}.
 */
public abstract class Actor {
  private ActorContext context;

  /** Called by the runtime before {@link #onActivate()}; not for user code. */
  final void attach(ActorContext ctx) {
    if (this.context != null) {
      throw new IllegalStateException("actor already attached to " + this.context.id());
    }
    this.context = ctx;
  }

  /** The actor's identity, state, timers, reminders and client for calling other actors. */
  protected final ActorContext context() {
    if (context == null) {
      throw new IllegalStateException("the actor context is available from onActivate() on");
    }
    return context;
  }

  /** Shortcut for {@code context().state()}. */
  protected final StateManager state() {
    return context().state();
  }

  /** Runs after the actor's saved state has been loaded, before its first turn. */
  protected void onActivate() {}

  /** Runs when the actor is passivated (idle timeout or active-entity limit). */
  protected void onDeactivate() {}

  /**
   * Runs as a turn when one of this actor's reminders fires. Throwing applies the reminder's failure
   * policy. The default ignores the reminder.
   */
  protected void onReminder(String name, byte[] data) {}
}
