package io.capa.actors.api;

import io.capa.api.actors.ActorId;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Calls actors by identity. From inside a turn, calls carry the turn's call chain, so that a call
 * coming back to the caller is recognised as reentrant.
 */
public interface ActorClient {
  /** Raw call: the payload and the result are encoded bytes. */
  CompletionStage<byte[]> invoke(ActorId actor, String method, byte[] payload, Duration timeout);

  default CompletionStage<byte[]> invoke(ActorId actor, String method, byte[] payload) {
    return invoke(actor, method, payload, null);
  }

  /** Typed call: the argument is encoded and the result decoded with the target type's codec. */
  <T> CompletionStage<T> call(ActorId actor, String method, Object argument, Type resultType);

  /**
   * A proxy implementing {@code actorInterface}; each call becomes an invocation of the method of the
   * same name. Methods returning {@code CompletionStage} do not block; others wait for the turn, so
   * use them outside actor turns only.
   */
  <T> T proxy(Class<T> actorInterface, ActorId actor);
}
