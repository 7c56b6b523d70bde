package io.capa.persistence.redis;

import com.typesafe.config.Config;
import io.capa.persistence.testkit.DurableStateStoreSuite;
import org.junit.jupiter.api.AfterAll;

/** The durable state contract on the shared Redis. */
class RedisDurableStateStoreTest extends DurableStateStoreSuite {
  private final RedisTestSupport redis = RedisTestSupport.create("durable-state");

  @Override
  protected Config config() {
    return redis.config();
  }

  @Override
  protected String pluginId() {
    return RedisPersistence.STATE_PLUGIN_ID;
  }

  @AfterAll
  void removeKeys() {
    redis.close();
  }
}
