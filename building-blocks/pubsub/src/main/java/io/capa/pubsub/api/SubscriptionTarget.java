package io.capa.pubsub.api;

import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.TopicMessage;
import java.util.concurrent.CompletionStage;

/**
 * Where a subscription's messages go in the application: an HTTP route, an actor method, ... The
 * outcome settles the message; a failed stage counts as {@link Settlement#RETRY}.
 */
@FunctionalInterface
public interface SubscriptionTarget {
  CompletionStage<Settlement> deliver(TopicMessage message);
}
