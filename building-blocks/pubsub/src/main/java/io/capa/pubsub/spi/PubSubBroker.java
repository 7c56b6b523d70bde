package io.capa.pubsub.spi;

import io.capa.components.spi.Component;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A message broker as a component: raw bytes to and from topics. CloudEvents envelopes, retries and
 * dead letters are the building block's business ({@code ComponentPubSubService}), not the broker's.
 *
 * <p>Delivery is at least once: a message is removed from the broker only through its {@link
 * BrokerMessage#ack()}; a message not acknowledged when its subscription ends is delivered again to
 * the consumer group.
 */
public interface PubSubBroker extends Component {

  /**
   * Publishes {@code data} to {@code topic}. Completes only once the broker confirmed it (publisher
   * confirm, JetStream ack, MQTT PUBACK, ...); fails fast with {@code ERR_COMPONENT_FAILED} while the
   * broker is unreachable.
   *
   * @param metadata per-message metadata; brokers with {@link Feature#MESSAGE_METADATA} carry it to
   *     subscribers as message headers
   */
  CompletionStage<Void> publish(String topic, byte[] data, Map<String, String> metadata);

  /**
   * Messages of {@code topic} for {@code consumerGroup}: every group gets every message, the
   * subscribers of one group share them. Each subscriber of the returned publisher is a subscription
   * of its own; its demand bounds what is delivered, and cancelling it closes the subscription
   * (unacknowledged messages go back to the group).
   */
  Flow.Publisher<BrokerMessage> subscribe(String topic, String consumerGroup);

  /** The group subscriptions use unless they name one: Dapr's {@code consumerID}, or the app id. */
  String defaultConsumerGroup();

  /** What this broker promises beyond at-least-once delivery. */
  default Set<Feature> features() {
    return Set.of();
  }

  /** Optional guarantees of a broker. */
  enum Feature {
    /** One subscriber alone in its group receives a topic's messages in publish order. */
    ORDERED,
    /** Publish metadata reaches subscribers as {@link BrokerMessage#metadata()}. */
    MESSAGE_METADATA
  }
}
