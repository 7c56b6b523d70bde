package io.capa.pubsub.internal;

import io.capa.components.spi.ComponentConfig;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** INTERNAL API. The metadata of a {@code pubsub.jetstream} component. */
record JetStreamSettings(
    String component,
    String url,
    String name,
    String streamName,
    String consumerGroup,
    Duration ackWait,
    long maxDeliver,
    long maxAckPending,
    DeliverPolicy deliverPolicy,
    Duration publishTimeout) {

  static JetStreamSettings of(ComponentConfig config, String appId) {
    String url = config.required("natsURL");
    if (!url.matches("(nats|tls|ws|wss)://.+")) {
      throw config.invalid("natsURL", "'" + url + "' is not a NATS URL (nats://host:port)");
    }
    String policy = config.string("deliverPolicy", "all");
    DeliverPolicy deliver;
    try {
      deliver = JetStreamBroker.deliverPolicy(policy);
    } catch (IllegalArgumentException e) {
      throw config.invalid("deliverPolicy", "'" + policy + "' is not one of all, last, new");
    }
    long maxAckPending = config.longValue("maxAckPending", 1000);
    if (maxAckPending < 1) {
      throw config.invalid("maxAckPending", "must be at least 1");
    }
    return new JetStreamSettings(
        config.name(),
        url,
        config.string("name", "capa-" + appId),
        config.string("streamName", "capa-" + config.name()).replaceAll("[.*>\\s]", "_"),
        config.string("durableName", config.string("consumerID", appId)),
        config.duration("ackWait", Duration.ofSeconds(30), ChronoUnit.SECONDS),
        config.longValue("maxDeliver", -1),
        maxAckPending,
        deliver,
        config.duration("publishTimeout", Duration.ofSeconds(5), ChronoUnit.SECONDS));
  }
}
