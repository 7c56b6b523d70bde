package io.capa.actors.internal;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorTurnHandler;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * INTERNAL API: the activation of an actor whose turns an {@link ActorTurnHandler} runs. It holds no
 * code of its own: {@link TurnRunner} sends calls, timer firings and reminders to the handler, and
 * this class only forwards the lifecycle hooks.
 */
public final class DispatchingActor extends Actor {
  /** INTERNAL API: the factory of a dispatching type; {@link TypeRuntime} recognises the type by it. */
  public record Factory(ActorTurnHandler handler) implements Supplier<DispatchingActor> {
    public Factory {
      Objects.requireNonNull(handler, "handler");
    }

    @Override
    public DispatchingActor get() {
      return new DispatchingActor(handler);
    }
  }

  private final ActorTurnHandler handler;

  private DispatchingActor(ActorTurnHandler handler) {
    this.handler = handler;
  }

  @Override
  protected void onActivate() {
    handler.activated(context().id());
  }

  @Override
  protected void onDeactivate() {
    handler.deactivated(context().id());
  }
}
