package io.capa.lock.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.lock.UnlockStatus;
import io.capa.lock.spi.LockStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every lock store must do, run against the real server by one subclass per backend. Resource
 * ids are random, so runs can share a server.
 */
public abstract class LockConformance {
  protected static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  protected LockStore store;
  protected String resource;

  /** A new store of the backend under test, connected (or connecting) to its server. */
  protected abstract LockStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
    awaitTrue(() -> store.health().up(), "store up: " + store.health());
    resource = "res-" + UUID.randomUUID();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  protected static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not reached within " + DEADLINE + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void tryLock_freeResource_succeeds() throws Exception {
    assertThat(get(store.tryLock(resource, "a", LONG))).isTrue();
  }

  @Test
  void tryLock_heldByOther_isRefused() throws Exception {
    get(store.tryLock(resource, "a", LONG));
    assertThat(get(store.tryLock(resource, "b", LONG))).isFalse();
  }

  @Test
  void tryLock_heldBySameOwner_isRefused() throws Exception {
    get(store.tryLock(resource, "a", LONG));
    assertThat(get(store.tryLock(resource, "a", LONG))).isFalse();
  }

  @Test
  void tryLock_otherResource_isIndependent() throws Exception {
    get(store.tryLock(resource, "a", LONG));
    assertThat(get(store.tryLock(resource + "-other", "b", LONG))).isTrue();
  }

  @Test
  void tryLock_afterExpiry_succeeds() throws Exception {
    assertThat(get(store.tryLock(resource, "a", Duration.ofMillis(300)))).isTrue();
    awaitTrue(() -> get0(store.tryLock(resource, "b", LONG)), "lock taken over after expiry");
    assertThat(get(store.unlock(resource, "a"))).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
  }

  @Test
  void unlock_byOwner_succeedsAndFreesTheLock() throws Exception {
    get(store.tryLock(resource, "a", LONG));
    assertThat(get(store.unlock(resource, "a"))).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(get(store.tryLock(resource, "b", LONG))).isTrue();
  }

  @Test
  void unlock_neverLocked_doesNotExist() throws Exception {
    assertThat(get(store.unlock(resource, "a"))).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
  }

  @Test
  void unlock_twice_secondDoesNotExist() throws Exception {
    get(store.tryLock(resource, "a", LONG));
    get(store.unlock(resource, "a"));
    assertThat(get(store.unlock(resource, "a"))).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
  }

  @Test
  void unlock_otherOwner_belongsToOthersAndKeepsTheLock() throws Exception {
    get(store.tryLock(resource, "a", LONG));
    assertThat(get(store.unlock(resource, "b"))).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(get(store.tryLock(resource, "b", LONG))).isFalse();
    assertThat(get(store.unlock(resource, "a"))).isEqualTo(UnlockStatus.SUCCESS);
  }

  @Test
  void unlock_expired_doesNotExist() throws Exception {
    get(store.tryLock(resource, "a", Duration.ofMillis(200)));
    awaitTrue(() -> get0(store.unlock(resource, "a")) == UnlockStatus.LOCK_DOES_NOT_EXIST, "expired");
  }

  @Test
  void extend_keptAlive_outlivesItsExpiry() throws Exception {
    Duration expiry = Duration.ofMillis(600);
    assertThat(get(store.tryLock(resource, "a", expiry))).isTrue();
    long end = System.nanoTime() + Duration.ofMillis(2000).toNanos();
    while (System.nanoTime() - end < 0) {
      Thread.sleep(150);
      assertThat(get(store.extend(resource, "a", expiry))).isTrue();
      assertThat(get(store.tryLock(resource, "b", LONG))).isFalse();
    }
    // once nobody extends it, it expires like any other lock
    awaitTrue(() -> get0(store.tryLock(resource, "b", LONG)), "lock freed after keep-alive stopped");
  }

  @Test
  void extend_otherOwner_isRefused() throws Exception {
    get(store.tryLock(resource, "a", LONG));
    assertThat(get(store.extend(resource, "b", LONG))).isFalse();
  }

  @Test
  void extend_notHeld_isRefusedAndTakesNothing() throws Exception {
    assertThat(get(store.extend(resource, "a", LONG))).isFalse();
    assertThat(get(store.tryLock(resource, "b", LONG))).isTrue();
  }

  @Test
  void tryLock_contendedByManyThreads_oneOwnerAtATime() throws Exception {
    int threads = 8;
    int rounds = 25;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger acquired = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String owner = "owner-" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            if (get(store.tryLock(resource, owner, LONG))) {
              if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
              }
              acquired.incrementAndGet();
              Thread.yield();
              inside.decrementAndGet();
              assertThat(get(store.unlock(resource, owner))).isEqualTo(UnlockStatus.SUCCESS);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(overlaps.get()).isZero();
    assertThat(acquired.get()).isPositive();
  }

  private static <T> T get0(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return get(stage);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
