package io.capa.dist.internal;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorType;
import io.capa.actors.spi.ActorTypeProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Registers {@code Faulty}, an actor type that misbehaves on purpose, in every node the tests start. */
public final class TestActorTypes implements ActorTypeProvider {
  @Override
  public List<ActorType<?>> actorTypes() {
    return List.of(ActorType.of("Faulty", Faulty.class, Faulty::new));
  }

  /** The methods of {@code Faulty}. */
  public interface FaultyApi {
    /** Never answers: the caller's deadline has to end the call. */
    CompletionStage<Void> hang();

    /** Throws {@link IllegalStateException} with the given message. */
    void boom(String message);
  }

  public static final class Faulty extends Actor implements FaultyApi {
    @Override
    public CompletionStage<Void> hang() {
      return new CompletableFuture<>();
    }

    @Override
    public void boom(String message) {
      throw new IllegalStateException(message);
    }
  }
}
