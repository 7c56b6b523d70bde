package io.capa.persistence.redis.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.event.Logging;

/**
 * INTERNAL API. One {@link RedisEndpoint} per connection block path per ActorSystem, so the
 * journal, the snapshot store and the durable state store share one client and one connection.
 * Closed when the ActorSystem terminates.
 */
public final class RedisConnections implements Extension {
  private static final Id ID = new Id();

  private final ExtendedActorSystem system;
  private final ConcurrentMap<String, RedisEndpoint> endpoints = new ConcurrentHashMap<>();

  private RedisConnections(ExtendedActorSystem system) {
    this.system = system;
    system.registerOnTermination(this::closeAll);
  }

  public static RedisConnections get(ActorSystem system) {
    return ID.get(system);
  }

  /** The endpoint of the connection block at the given absolute config path. */
  public RedisEndpoint endpoint(String connectionPath) {
    return endpoints.computeIfAbsent(connectionPath, p -> {
      RedisSettings settings =
          RedisSettings.fromConfig(p, system.settings().config().getConfig(p));
      Logging.getLogger(system, RedisConnections.class).info(
          "Redis persistence [{}] uses {} with key prefix '{}'", p, settings.describe(),
          settings.keyPrefix());
      return new RedisEndpoint(settings, Logging.getLogger(system, RedisEndpoint.class));
    });
  }

  private void closeAll() {
    endpoints.values().forEach(RedisEndpoint::close);
    endpoints.clear();
  }

  private static final class Id extends AbstractExtensionId<RedisConnections> {
    @Override
    public RedisConnections createExtension(ExtendedActorSystem system) {
      return new RedisConnections(system);
    }
  }
}
