package io.capa.examples.counter;

import io.capa.actors.api.ActorType;
import io.capa.actors.spi.ActorTypeProvider;
import java.util.List;

/** Registers the example actor types with any runtime that has this jar on its class path. */
public final class ExampleActorTypes implements ActorTypeProvider {
  public static final ActorType<Counter> COUNTER = ActorType.of("Counter", Counter.class, Counter::new);

  @Override
  public List<ActorType<?>> actorTypes() {
    return List.of(COUNTER);
  }
}
