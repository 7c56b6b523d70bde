package io.capa.lock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.connections.testkit.PrivateRedis;
import io.capa.lock.api.ComponentLockService;
import io.capa.lock.spi.LockStore;
import io.capa.lock.testkit.TestComponents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lock.redis against a private redis-server that is down when the store starts, then comes and goes. */
class RedisLockStoreFaultTest {
  @TempDir Path dir;
  private PrivateRedis redis;
  private TestComponents env;
  private ComponentLockService locks;
  private LockStore store;

  @BeforeEach
  void create() throws Exception {
    redis = new PrivateRedis(dir);
    env = new TestComponents();
    store = (LockStore) new LockStoreFactory().create(
        TestComponents.config("faulty", LockStoreFactory.REDIS, Map.of("redisHost", "127.0.0.1:" + redis.port)),
        env.context(dir));
    env.put("faulty", store);
    locks = new ComponentLockService(env, env.blocking);
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    redis.close();
  }

  private static void await(BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("deadline").isNegative();
      Thread.sleep(25);
    }
  }

  private LockRequest lock(String owner) {
    return new LockRequest("faulty", "r1", owner, Duration.ofSeconds(30));
  }

  @Test
  void serverDownAtStart_storeIsDownThenRecovers() throws Exception {
    assertThat(store.health().up()).isFalse();
    assertThat(store.health().detail()).contains("127.0.0.1:" + redis.port);
    assertThatThrownBy(() -> locks.tryLock(lock("a")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));
    assertThat(locks.unlock(new UnlockRequest("faulty", "r1", "a")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo(UnlockStatus.INTERNAL_ERROR);

    redis.start();
    await(() -> store.health().up());

    assertThat(locks.tryLock(lock("a")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(locks.tryLock(lock("b")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void serverRestarted_storeReconnects() throws Exception {
    redis.start();
    await(() -> store.health().up());
    redis.stop();
    await(() -> !store.health().up());
    assertThatThrownBy(() -> locks.tryLock(lock("a")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));

    redis.start();
    await(() -> store.health().up());
    assertThat(locks.tryLock(lock("a")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
  }
}
