package io.capa.api.pubsub;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The publish/subscribe building block: messages to named topics of named brokers, as CloudEvents.
 *
 * <p>Stages and publishers fail with {@link io.capa.api.CapaException}: {@code
 * ERR_COMPONENT_NOT_FOUND} for an unknown pub/sub, {@code ERR_PERMISSION_DENIED} for a topic the app
 * may not use, {@code ERR_COMPONENT_FAILED} when the broker errs.
 */
public interface PubSubService {
  /** Publishes one message; completes with the CloudEvent id once the broker has accepted it. */
  CompletionStage<String> publish(PublishRequest request);

  /** Publishes many messages; the stage fails only when none could be tried (unknown pub/sub ...). */
  CompletionStage<BulkPublishResponse> bulkPublish(BulkPublishRequest request);

  /**
   * Messages of the topic, from subscription onwards. Each subscriber of the returned publisher is a
   * subscription of its own. The subscriber's demand bounds how many messages are delivered; each
   * must then be settled through {@link TopicMessage#ack()}, {@link TopicMessage#retry()} or {@link
   * TopicMessage#drop()}. Cancelling ends the subscription, and unsettled messages are delivered
   * again later.
   */
  Flow.Publisher<TopicMessage> subscribe(Subscription subscription);
}
