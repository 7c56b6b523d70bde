package io.capa.bindings.internal.rabbitmq;

import io.capa.bindings.spi.Direction;
import io.capa.components.spi.ComponentConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * INTERNAL API. The {@code bindings.rabbitmq} metadata, Dapr's names.
 *
 * @param host the AMQP URL, {@code amqp://user:password@host:5672/vhost}
 * @param deleteWhenUnused the queue's auto-delete flag
 * @param prefetchCount unacknowledged deliveries the broker sends before it waits; 0 for no limit
 *     (the runtime's buffer then bounds memory by not taking deliveries)
 * @param ttl the queue's message time to live ({@code ttlInSeconds}), empty for none
 * @param reconnectWait the longest wait between connection attempts (they start at 100 ms and double)
 */
record RabbitSettings(
    Direction direction,
    String host,
    String queueName,
    boolean durable,
    boolean deleteWhenUnused,
    boolean exclusive,
    int prefetchCount,
    Optional<Integer> maxPriority,
    String contentType,
    Optional<Duration> ttl,
    Duration reconnectWait,
    int bufferSize) {

  static RabbitSettings from(ComponentConfig c) {
    String host = c.required("host");
    try {
      URI uri = new URI(host);
      if (!"amqp".equalsIgnoreCase(uri.getScheme()) && !"amqps".equalsIgnoreCase(uri.getScheme())) {
        throw c.invalid("host", "'" + host + "' is not an amqp:// or amqps:// URL");
      }
    } catch (URISyntaxException e) {
      throw c.invalid("host", "'" + host + "' is not a URL: " + e.getReason());
    }
    int prefetch = c.integer("prefetchCount", 0);
    if (prefetch < 0 || prefetch > 65535) {
      throw c.invalid("prefetchCount", "'" + prefetch + "' is not between 0 and 65535");
    }
    Optional<Integer> maxPriority = Optional.empty();
    if (c.find("maxPriority").isPresent()) {
      int p = c.integer("maxPriority", 0);
      if (p < 1 || p > 255) {
        throw c.invalid("maxPriority", "'" + p + "' is not between 1 and 255");
      }
      maxPriority = Optional.of(p);
    }
    Optional<Duration> ttl = Optional.empty();
    if (c.find("ttlInSeconds").isPresent()) {
      long s = c.longValue("ttlInSeconds", 0);
      if (s < 0) {
        throw c.invalid("ttlInSeconds", "'" + s + "' is negative");
      }
      ttl = Optional.of(Duration.ofSeconds(s));
    }
    Duration wait = c.duration("reconnectWait", Duration.ofSeconds(5), ChronoUnit.SECONDS);
    if (wait.isZero()) {
      throw c.invalid("reconnectWait", "must be more than 0");
    }
    int buffer = c.integer("bufferSize", 64);
    if (buffer < 1) {
      throw c.invalid("bufferSize", "'" + buffer + "' must be positive");
    }
    return new RabbitSettings(Direction.from(c), host, c.required("queueName"), c.bool("durable", false),
        c.bool("deleteWhenUnused", false), c.bool("exclusive", false), prefetch, maxPriority,
        c.string("contentType", "text/plain"), ttl, wait, buffer);
  }

  /** The queue's arguments, as declared by the binding (and by anyone sharing the queue). */
  Map<String, Object> queueArguments() {
    Map<String, Object> args = new HashMap<>();
    maxPriority.ifPresent(p -> args.put("x-max-priority", p));
    ttl.ifPresent(t -> args.put("x-message-ttl", t.toMillis()));
    return args;
  }
}
