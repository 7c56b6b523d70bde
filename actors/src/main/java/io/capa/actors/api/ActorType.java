package io.capa.actors.api;

import io.capa.actors.internal.DispatchingActor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A registrable actor type: its name, its class (whose interfaces define the callable methods), a
 * factory for new instances, and its options.
 */
public record ActorType<T extends Actor>(
    String name, Class<T> actorClass, Supplier<? extends T> factory, ActorTypeOptions options) {
  public ActorType {
    if (name == null || name.isBlank() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("actor type name must be non-empty and free of '/': " + name);
    }
    Objects.requireNonNull(actorClass, "actorClass");
    Objects.requireNonNull(factory, "factory");
    options = Objects.requireNonNullElse(options, ActorTypeOptions.defaults());
  }

  public static <T extends Actor> ActorType<T> of(String name, Class<T> actorClass, Supplier<? extends T> factory) {
    return new ActorType<>(name, actorClass, factory, ActorTypeOptions.defaults());
  }

  /**
   * A type whose turns are run by {@code handler} rather than by a Java class, for actors hosted by
   * applications in other processes. Every method name is accepted and passed to the handler; options
   * are set with {@link #withOptions}.
   */
  public static ActorType<?> dispatching(String name, ActorTurnHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return new ActorType<>(
        name, DispatchingActor.class, new DispatchingActor.Factory(handler), ActorTypeOptions.defaults());
  }

  public ActorType<T> withOptions(ActorTypeOptions newOptions) {
    return new ActorType<>(name, actorClass, factory, newOptions);
  }
}
