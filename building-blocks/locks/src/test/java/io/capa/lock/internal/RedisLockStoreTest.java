package io.capa.lock.internal;

import io.capa.lock.spi.LockStore;
import io.capa.lock.testkit.LockConformance;
import io.capa.lock.testkit.TestComponents;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The conformance suite against the Redis on 127.0.0.1:6379. */
class RedisLockStoreTest extends LockConformance {
  private static final TestComponents ENV = new TestComponents();

  @Override
  protected LockStore newStore() {
    return (LockStore) new LockStoreFactory().create(
        TestComponents.config("redis-locks", LockStoreFactory.REDIS, Map.of("redisHost", "127.0.0.1:6379")),
        ENV.context(Path.of(".")));
  }

  @AfterAll
  static void closeEnv() {
    ENV.close();
  }
}
