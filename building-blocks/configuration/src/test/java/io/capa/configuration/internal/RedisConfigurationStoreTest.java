package io.capa.configuration.internal;

import io.capa.configuration.spi.ConfigurationStore;
import io.capa.configuration.testkit.ConfigurationConformance;
import io.capa.configuration.testkit.TestComponents;
import io.capa.connections.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on a private redis-server: the store turns on keyspace notifications, a
 * server-wide setting that tests should not change on the shared Redis.
 */
class RedisConfigurationStoreTest extends ConfigurationConformance {
  private static final TestComponents ENV = new TestComponents();
  @org.junit.jupiter.api.io.TempDir static Path dir;
  private static PrivateRedis redis;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> direct;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = new PrivateRedis(dir);
    redis.start();
    client = RedisClient.create("redis://127.0.0.1:" + redis.port);
    direct = client.connect();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    ENV.close();
    direct.close();
    client.shutdown();
    redis.close();
  }

  @Override
  protected ConfigurationStore newStore() {
    return (ConfigurationStore) new ConfigurationStoreFactory().create(
        TestComponents.config("redis", ConfigurationStoreFactory.REDIS, Map.of("redisHost", "127.0.0.1:" + redis.port)),
        ENV.context(dir));
  }

  @org.junit.jupiter.api.Test
  void connect_withoutKeyspaceEvents_turnsThemOn() throws Exception {
    direct.sync().configSet("notify-keyspace-events", "");
    store.close();
    store = newStore();
    awaitTrue(() -> store.health().up(), "store up");
    org.assertj.core.api.Assertions.assertThat(direct.sync().configGet("notify-keyspace-events").get("notify-keyspace-events"))
        .contains("K").contains("A");
  }

  @Override
  protected void put(String key, String value) {
    direct.sync().set(key, value + "||1");
  }

  @Override
  protected void remove(String key) {
    direct.sync().del(key);
  }
}
