package io.capa.bindings.internal.redis;

import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.redis} components (Dapr's metadata names). */
public final class RedisBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.redis");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    String hostPort = config.required("redisHost");
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw config.invalid("redisHost", "'" + hostPort + "' is not host:port");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw config.invalid("redisHost", "'" + hostPort + "': the port is not a number");
    }
    if (port < 1 || port > 65535) {
      throw config.invalid("redisHost", "'" + hostPort + "': port out of range");
    }
    RedisURI.Builder uri = RedisURI.builder().withHost(hostPort.substring(0, colon)).withPort(port)
        .withDatabase(config.integer("redisDB", 0))
        .withSsl(config.bool("enableTLS", false))
        .withTimeout(config.duration("timeout", Duration.ofSeconds(5), ChronoUnit.MILLIS));
    config.find("redisPassword").ifPresent(p -> uri.withPassword(p.toCharArray()));
    return new RedisOutputBinding(config.name(), uri.build(), context.scheduler());
  }
}
