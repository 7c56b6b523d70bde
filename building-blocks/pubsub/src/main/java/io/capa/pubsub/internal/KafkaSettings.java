package io.capa.pubsub.internal;

import io.capa.components.spi.ComponentConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** INTERNAL API. The metadata of a {@code pubsub.kafka} component. */
record KafkaSettings(
    String component,
    String brokers,
    String consumerGroup,
    String clientId,
    String initialOffset,
    int maxInFlight,
    Duration publishTimeout) {

  static KafkaSettings of(ComponentConfig config, String appId) {
    String brokers = config.required("brokers");
    for (String b : brokers.split(",")) {
      if (!b.trim().matches("[^:\\s]+:\\d{1,5}")) {
        throw config.invalid("brokers", "'" + b.trim() + "' is not host:port");
      }
    }
    String auth = config.string("authType", "none").toLowerCase(Locale.ROOT);
    if (!auth.equals("none")) {
      throw config.invalid("authType", "'" + auth + "' is not supported; only none is built");
    }
    String offset = config.string("initialOffset", "newest").toLowerCase(Locale.ROOT);
    String reset = switch (offset) {
      case "newest" -> "latest";
      case "oldest" -> "earliest";
      default -> throw config.invalid("initialOffset", "'" + offset + "' is not newest or oldest");
    };
    int maxInFlight = config.integer("maxInFlight", 256);
    if (maxInFlight < 1) {
      throw config.invalid("maxInFlight", "must be at least 1");
    }
    return new KafkaSettings(
        config.name(),
        brokers.replace(" ", ""),
        config.string("consumerGroup", config.string("consumerID", appId)),
        config.string("clientID", "capa-" + appId),
        reset,
        maxInFlight,
        config.duration("publishTimeout", Duration.ofSeconds(5), ChronoUnit.SECONDS));
  }
}
