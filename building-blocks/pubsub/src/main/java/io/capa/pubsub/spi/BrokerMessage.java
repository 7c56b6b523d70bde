package io.capa.pubsub.spi;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One message as a broker delivered it.
 *
 * @param metadata the headers the publisher set (empty for brokers without headers)
 * @param handle settles the message at the broker
 */
public record BrokerMessage(String topic, byte[] data, Map<String, String> metadata, Handle handle) {
  public BrokerMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(data, "data");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(handle, "handle");
  }

  /** Removes the message from the broker; completes once the broker took the ack. */
  public CompletionStage<Void> ack() {
    return handle.ack();
  }

  /**
   * Gives the message back to its group for another delivery, as soon as the broker can. Brokers
   * that cannot (MQTT) deliver it again when the subscription reconnects.
   */
  public CompletionStage<Void> nack() {
    return handle.nack();
  }

  /** The broker side of one delivery. */
  public interface Handle {
    CompletionStage<Void> ack();

    CompletionStage<Void> nack();
  }
}
