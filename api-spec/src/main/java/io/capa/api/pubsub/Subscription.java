package io.capa.api.pubsub;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Optional;

/**
 * A topic to receive messages from.
 *
 * @param deadLetterTopic where messages settled with {@link Settlement#DROP} go (and those that run
 *     out of retries); empty discards them
 */
public record Subscription(
    String pubsubName, String topic, Optional<String> deadLetterTopic, Map<String, String> metadata) {
  public Subscription {
    Checks.requireText(pubsubName, "pubsubName");
    Checks.requireText(topic, "topic");
    deadLetterTopic = Checks.optionalText(deadLetterTopic, "deadLetterTopic");
    if (deadLetterTopic.isPresent() && deadLetterTopic.get().equals(topic)) {
      // Dropped messages would come straight back to the subscriber that dropped them.
      throw new IllegalArgumentException("deadLetterTopic must differ from topic: " + topic);
    }
    metadata = Checks.metadata(metadata, "subscription metadata");
  }

  public static Subscription of(String pubsubName, String topic) {
    return new Subscription(pubsubName, topic, Optional.empty(), Map.of());
  }
}
