package io.capa.persistence.redis;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.internal.ScalaStateStore;
import io.capa.persistence.redis.internal.Keys;
import io.capa.persistence.redis.internal.Payloads;
import io.capa.persistence.redis.internal.RedisConnections;
import io.capa.persistence.redis.internal.RedisEndpoint;
import io.capa.persistence.redis.internal.StateCommands;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.state.DurableStateStoreProvider;
import org.apache.pekko.persistence.state.javadsl.DurableStateStore;

/**
 * Creates the {@link RedisDurableStateStore} for the plugin id
 * {@code capa.persistence.redis.state} (or any config block with this class). Pekko instantiates
 * it by reflection.
 */
public final class RedisDurableStateStoreProvider implements DurableStateStoreProvider {
  private final RedisDurableStateStore<Object> store;

  public RedisDurableStateStoreProvider(ExtendedActorSystem system, Config config,
      String configPath) {
    RedisEndpoint redis = RedisConnections.get(system).endpoint(config.getString("connection"));
    Payloads payloads = new Payloads(system);
    this.store = new RedisDurableStateStore<>(payloads, new StateCommands(redis,
        new Keys(redis.settings().keyPrefix(), config.getString("keyspace")), payloads));
  }

  @Override
  public org.apache.pekko.persistence.state.scaladsl.DurableStateStore<Object>
      scaladslDurableStateStore() {
    return new ScalaStateStore<>(store);
  }

  @Override
  public DurableStateStore<Object> javadslDurableStateStore() {
    return store;
  }
}
