package io.capa.connections.redis;

import io.capa.components.spi.ComponentConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Redis component connects, read from Dapr's Redis metadata: {@code redisHost}
 * ({@code host:port}), {@code redisUsername}, {@code redisPassword}, {@code redisDB}, {@code
 * dialTimeout} and {@code timeout} (Dapr's {@code readTimeout} is accepted for the latter).
 */
public record RedisSettings(
    String host, int port, Optional<String> username, Optional<String> password, int database,
    Duration connectTimeout, Duration commandTimeout) {
  public RedisSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  public static RedisSettings from(ComponentConfig config) {
    String hostPort = config.required("redisHost");
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    int port = 6379;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (host.isBlank() || port < 1 || port > 65535) {
      throw config.invalid("redisHost", "'" + hostPort + "' is not host:port");
    }
    int db = config.integer("redisDB", 0);
    if (db < 0) {
      throw config.invalid("redisDB", "'" + db + "' is negative");
    }
    return new RedisSettings(
        host, port, config.find("redisUsername"), config.find("redisPassword"), db,
        config.duration("dialTimeout", Duration.ofSeconds(2), ChronoUnit.MILLIS),
        config.duration("timeout", Duration.ofSeconds(5), ChronoUnit.MILLIS, "readTimeout"));
  }

  public String address() {
    return host + ":" + port;
  }
}
