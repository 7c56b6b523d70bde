package io.capa.actors.api;

/**
 * INTERNAL API: lets the runtime attach a context to an {@link Actor} without making the setter
 * public.
 */
public final class ActorAccess {
  private ActorAccess() {}

  public static void attach(Actor actor, ActorContext context) {
    actor.attach(context);
  }

  public static void activate(Actor actor) {
    actor.onActivate();
  }

  public static void deactivate(Actor actor) {
    actor.onDeactivate();
  }

  public static void remind(Actor actor, String name, byte[] data) {
    actor.onReminder(name, data);
  }
}
