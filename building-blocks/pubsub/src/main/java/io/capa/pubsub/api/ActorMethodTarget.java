package io.capa.pubsub.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.TopicMessage;
import io.capa.pubsub.internal.CloudEvents;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Delivers to an actor method: the CloudEvent (JSON) is the method's argument, and {@code actorId}
 * picks the actor from the message (for instance its {@code subject}). A method that returns settles
 * with SUCCESS; an unknown actor type or method drops the message; any other failure retries.
 */
public final class ActorMethodTarget implements SubscriptionTarget {
  private final ActorService actors;
  private final String actorType;
  private final String method;
  private final Function<TopicMessage, String> actorId;

  public ActorMethodTarget(ActorService actors, String actorType, String method, Function<TopicMessage, String> actorId) {
    this.actors = Objects.requireNonNull(actors, "actors");
    this.actorType = Objects.requireNonNull(actorType, "actorType");
    this.method = Objects.requireNonNull(method, "method");
    this.actorId = Objects.requireNonNull(actorId, "actorId");
  }

  @Override
  public CompletionStage<Settlement> deliver(TopicMessage message) {
    ActorInvocation call = new ActorInvocation(new ActorId(actorType, actorId.apply(message)), method,
        CloudEvents.toJson(message));
    return actors.invoke(call).handle((r, e) -> {
      if (e == null) {
        return Settlement.SUCCESS;
      }
      Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (t instanceof CapaException c && (c.errorCode() == ErrorCode.ACTOR_TYPE_NOT_FOUND
          || c.errorCode() == ErrorCode.ACTOR_METHOD_NOT_FOUND)) {
        return Settlement.DROP;
      }
      return Settlement.RETRY;
    });
  }
}
