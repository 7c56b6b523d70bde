package io.capa.bindings.internal.targets;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.bindings.spi.BindingTarget;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.InvocationSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API. An actor method as a binding target; the id {@code {key}} takes the event's {@code
 * key} metadata, so events with one key reach one actor.
 */
public final class ActorTarget implements BindingTarget {
  private final InvocationGraph graph;
  private final ActorService actors;
  private final String type;
  private final String id;
  private final String method;
  private final Duration timeout;

  public ActorTarget(InvocationGraph graph, ActorService actors, String type, String id, String method, Duration timeout) {
    this.graph = graph;
    this.actors = actors;
    this.type = type;
    this.id = id;
    this.method = method;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<byte[]> deliver(String binding, byte[] data, Map<String, String> metadata) {
    String actorId = id.equals("{key}") ? metadata.getOrDefault("key", "") : id;
    if (actorId.isEmpty()) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.INVALID_REQUEST,
          "binding '" + binding + "' routes by key to actor type " + type + ", but the event has no key"));
    }
    ActorInvocation call = new ActorInvocation(new ActorId(type, actorId), method, data, timeout);
    return graph.submit(Invocation.of(InvocationSource.BINDING, "actor/" + type + "/" + actorId, () -> actors.invoke(call))
        .withTimeout(timeout));
  }
}
