package io.capa.bindings.internal.rabbitmq;

import io.capa.bindings.spi.Direction;
import io.capa.components.spi.ComponentConfig;
import java.net.URI;
import java.util.Optional;

/** INTERNAL API. The {@code bindings.rabbitmq} metadata (Dapr's names). */
record RabbitSettings(Direction direction, URI host, String queueName, boolean durable, boolean deleteWhenUnused,
    boolean exclusive, int prefetchCount, Optional<Long> ttlInSeconds, Optional<Integer> maxPriority) {

  static RabbitSettings from(ComponentConfig c) {
    String raw = c.string("host", "amqp://guest:guest@127.0.0.1:5672");
    URI host;
    try {
      host = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw c.invalid("host", "'" + raw + "' is not an amqp:// URL");
    }
    if (!"amqp".equals(host.getScheme()) && !"amqps".equals(host.getScheme()) || host.getHost() == null) {
      throw c.invalid("host", "'" + raw + "' is not an amqp:// or amqps:// URL with a host");
    }
    int prefetch = c.integer("prefetchCount", 64);
    if (prefetch < 1 || prefetch > 65535) {
      throw c.invalid("prefetchCount", "'" + prefetch + "' is not between 1 and 65535");
    }
    long ttl = c.longValue("ttlInSeconds", -1);
    int priority = c.integer("maxPriority", -1);
    if (priority > 255) {
      throw c.invalid("maxPriority", "'" + priority + "' is above 255");
    }
    return new RabbitSettings(Direction.from(c), host, c.required("queueName"), c.bool("durable", true),
        c.bool("deleteWhenUnused", false), c.bool("exclusive", false), prefetch,
        ttl > 0 ? Optional.of(ttl) : Optional.empty(), priority > 0 ? Optional.of(priority) : Optional.empty());
  }
}
