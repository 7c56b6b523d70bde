package io.capa.state.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * INTERNAL API. Creates {@code state.redis} components from Dapr's metadata: {@code redisHost}
 * ({@code host:port}, required), {@code redisUsername}, {@code redisPassword}, {@code redisDB},
 * {@code enableTLS}, {@code ttlInSeconds} (default expiry), {@code readTimeout} (command timeout,
 * 5s), {@code dialTimeout} (connect timeout, 2s) and {@code keyPrefix}.
 */
public final class RedisStateStoreFactory implements ComponentFactory {
  @Override
  public Set<String> types() {
    return Set.of("state.redis");
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    List<String> problems = new ArrayList<>();
    try {
      settings(new ComponentConfig(spec, plain(spec)));
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    Settings s = settings(config);
    // Two I/O threads per store: a state store is one connection, more threads would only idle.
    ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    RedisClient client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        // Fail at once while the link is down rather than queueing commands nobody waits for.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(s.dialTimeout()).build())
        .timeoutOptions(TimeoutOptions.enabled(s.readTimeout()))
        .build());
    return new RedisStateStore(config.name(), config.string("keyPrefix", "appid"), client, resources, s.uri(),
        s.defaultTtl(), context.scheduler());
  }

  record Settings(RedisURI uri, Optional<Duration> defaultTtl, Duration readTimeout, Duration dialTimeout) {}

  static Settings settings(ComponentConfig config) {
    String hostPort = config.required("redisHost");
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    int port = 6379;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw config.invalid("redisHost", "'" + hostPort + "' is not host:port");
      }
      if (port < 1 || port > 65535) {
        throw config.invalid("redisHost", "port " + port + " is out of range");
      }
    }
    if (host.isBlank()) {
      throw config.invalid("redisHost", "'" + hostPort + "' has no host");
    }
    RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port)
        .withSsl(config.bool("enableTLS", false))
        .withDatabase(config.integer("redisDB", 0));
    Optional<String> password = config.find("redisPassword");
    Optional<String> user = config.find("redisUsername");
    if (password.isPresent()) {
      if (user.isPresent()) {
        b.withAuthentication(user.get(), password.get());
      } else {
        b.withPassword(password.get().toCharArray());
      }
    }
    long ttl = config.longValue("ttlInSeconds", -1);
    if (ttl == 0 || ttl < -1) {
      throw config.invalid("ttlInSeconds", "'" + ttl + "' must be a positive number of seconds, or -1 for none");
    }
    Duration readTimeout = config.duration("readTimeout", Duration.ofSeconds(5), ChronoUnit.SECONDS);
    Duration dialTimeout = config.duration("dialTimeout", Duration.ofSeconds(2), ChronoUnit.SECONDS);
    RedisURI uri = b.withTimeout(readTimeout).build();
    return new Settings(uri, ttl > 0 ? Optional.of(Duration.ofSeconds(ttl)) : Optional.empty(), readTimeout, dialTimeout);
  }

  static Map<String, String> plain(ComponentSpec spec) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    spec.metadata().forEach((k, v) -> {
      if (v instanceof io.capa.components.api.MetadataValue.Plain p) {
        m.put(k, p.value());
      }
    });
    return m;
  }
}
