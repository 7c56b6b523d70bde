package io.capa.pubsub.internal;

import io.capa.components.spi.ComponentConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * INTERNAL API. The metadata of a {@code pubsub.rabbitmq} component. {@code durable}, {@code
 * deletedWhenUnused} and {@code deliveryMode} default to what at-least-once delivery needs (durable
 * queues that outlive their consumers, persistent messages), not to Dapr's defaults.
 */
record RabbitMqSettings(
    String component,
    String uri,
    String consumerGroup,
    boolean durable,
    boolean deletedWhenUnused,
    int prefetchCount,
    int deliveryMode,
    boolean requeueInFailure,
    String exchangeKind,
    Duration reconnectWait,
    Duration publishTimeout) {

  static RabbitMqSettings of(ComponentConfig config, String appId) {
    String uri = config.required("connectionString", "host");
    if (uri.matches("amqps?://[^/]*/")) {
      uri = uri.substring(0, uri.length() - 1); // "host:5672/" names the empty vhost; users mean the default
    }
    try {
      URI parsed = new URI(uri);
      if (!"amqp".equals(parsed.getScheme()) && !"amqps".equals(parsed.getScheme())) {
        throw config.invalid("connectionString", "'" + parsed.getScheme() + "://...' must start with amqp:// or amqps://");
      }
    } catch (URISyntaxException e) {
      throw config.invalid("connectionString", "not a URI: " + e.getReason());
    }
    int deliveryMode = config.integer("deliveryMode", 2);
    if (deliveryMode < 0 || deliveryMode > 2) {
      throw config.invalid("deliveryMode", "must be 0, 1 (transient) or 2 (persistent)");
    }
    int prefetch = config.integer("prefetchCount", 64);
    if (prefetch < 0 || prefetch > 65535) {
      throw config.invalid("prefetchCount", "must be between 0 and 65535");
    }
    String kind = config.string("exchangeKind", "fanout").toLowerCase(Locale.ROOT);
    if (!kind.equals("fanout") && !kind.equals("topic") && !kind.equals("direct") && !kind.equals("headers")) {
      throw config.invalid("exchangeKind", "'" + kind + "' is not one of fanout, topic, direct, headers");
    }
    return new RabbitMqSettings(
        config.name(),
        uri,
        config.string("consumerID", appId),
        config.bool("durable", true),
        config.bool("deletedWhenUnused", false),
        prefetch,
        deliveryMode == 0 ? 2 : deliveryMode,
        config.bool("requeueInFailure", true),
        kind,
        config.duration("reconnectWait", Duration.ofSeconds(1), ChronoUnit.SECONDS),
        config.duration("publishTimeout", Duration.ofSeconds(5), ChronoUnit.SECONDS));
  }
}
