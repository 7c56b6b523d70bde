package io.capa.lock.internal;

import io.capa.lock.spi.LockStore;
import io.capa.lock.testkit.LockConformance;
import io.capa.lock.testkit.TestComponents;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

class InMemoryLockStoreTest extends LockConformance {
  private static final TestComponents ENV = new TestComponents();

  @Override
  protected LockStore newStore() {
    return (LockStore) new LockStoreFactory().create(
        TestComponents.config("mem", LockStoreFactory.IN_MEMORY, Map.of()), ENV.context(Path.of(".")));
  }

  @AfterAll
  static void closeEnv() {
    ENV.close();
  }
}
