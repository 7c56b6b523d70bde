package io.capa.bindings.internal.kafka;

import io.capa.bindings.spi.Direction;
import io.capa.components.spi.ComponentConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * INTERNAL API. The {@code bindings.kafka} metadata, Dapr's names first.
 *
 * @param maxPartitions partitions whose records are pulled at once (the connector's per-partition
 *     sources merged); more assigned partitions than this wait for a free slot
 */
record KafkaSettings(
    Direction direction,
    String brokers,
    List<String> topics,
    String consumerGroup,
    Optional<String> publishTopic,
    boolean oldest,
    int maxMessageBytes,
    String clientId,
    Optional<String> deadLetterTopic,
    int maxPartitions,
    Duration publishTimeout,
    Duration healthInterval) {

  static KafkaSettings from(ComponentConfig c) {
    Direction direction = Direction.from(c);
    String brokers = c.required("brokers");
    List<String> topics = Arrays.stream(c.string("topics", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    String group = c.string("consumerGroup", "", "groupId");
    if (direction.input() && topics.isEmpty() && direction.output() && c.find("direction").isPresent()) {
      throw c.invalid("topics", "missing; an input binding needs the topics to consume");
    }
    boolean input = direction.input() && !topics.isEmpty();
    if (input && group.isEmpty()) {
      throw c.invalid("consumerGroup", "missing; an input binding needs a consumer group");
    }
    String offset = c.string("initialOffset", "newest").toLowerCase(Locale.ROOT);
    if (!offset.equals("newest") && !offset.equals("oldest")) {
      throw c.invalid("initialOffset", "'" + offset + "' is not oldest or newest");
    }
    String auth = c.string("authType", "none");
    if (!auth.equalsIgnoreCase("none")) {
      throw c.invalid("authType", "'" + auth + "' is not supported; only none is built");
    }
    int maxBytes = c.integer("maxMessageBytes", 1024 * 1024);
    if (maxBytes < 1) {
      throw c.invalid("maxMessageBytes", "'" + maxBytes + "' must be positive");
    }
    int maxPartitions = c.integer("maxPartitions", 1024);
    if (maxPartitions < 1) {
      throw c.invalid("maxPartitions", "'" + maxPartitions + "' must be positive");
    }
    return new KafkaSettings(
        new Direction(input, direction.output()),
        brokers,
        topics,
        group,
        c.find("publishTopic"),
        offset.equals("oldest"),
        maxBytes,
        c.string("clientID", "capa-" + c.name(), "clientId"),
        c.find("deadLetterTopic"),
        maxPartitions,
        c.duration("publishTimeout", Duration.ofSeconds(30), ChronoUnit.MILLIS),
        c.duration("healthInterval", Duration.ofSeconds(2), ChronoUnit.MILLIS));
  }
}
