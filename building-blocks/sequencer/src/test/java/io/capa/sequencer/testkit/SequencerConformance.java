package io.capa.sequencer.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.sequencer.spi.SequenceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every sequencer must do, run against the real server by one subclass per backend. Keys are
 * random, so runs can share a server.
 */
public abstract class SequencerConformance {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  protected SequenceStore store;
  protected String key;

  /**
   * A new store of the backend under test; called again after {@code close()} to restart it, and
   * the new one must see what the closed one handed out.
   */
  protected abstract SequenceStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = started();
    key = "seq-" + UUID.randomUUID();
  }

  private SequenceStore started() throws Exception {
    SequenceStore s = newStore();
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!s.health().up()) {
      assertThat(System.nanoTime() - end).as("store up: %s", s.health()).isNegative();
      Thread.sleep(20);
    }
    return s;
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void nextId_first_isPositive() throws Exception {
    assertThat(get(store.nextId(key))).isPositive();
  }

  @Test
  void nextId_repeated_strictlyIncreases() throws Exception {
    long last = 0;
    for (int i = 0; i < 50; i++) {
      long id = get(store.nextId(key));
      assertThat(id).isGreaterThan(last);
      last = id;
    }
  }

  @Test
  void nextId_otherKey_hasItsOwnSequence() throws Exception {
    for (int i = 0; i < 5; i++) {
      get(store.nextId(key));
    }
    long other = get(store.nextId(key + "-other"));
    long next = get(store.nextId(key + "-other"));
    assertThat(next).isGreaterThan(other);
    assertThat(other).isPositive();
  }

  @Test
  void nextId_manyThreads_noDuplicatesAndIncreasingPerCaller() throws Exception {
    int threads = 8;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          start.await();
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            ids.add(get(store.nextId(key)));
          }
          return ids;
        }));
      }
      start.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> f : results) {
        List<Long> ids = f.get(60, TimeUnit.SECONDS);
        for (int i = 1; i < ids.size(); i++) {
          assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
        all.addAll(ids);
      }
      assertThat(all).hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nextId_afterRestart_keepsIncreasing() throws Exception {
    long last = 0;
    for (int i = 0; i < 3; i++) {
      last = get(store.nextId(key));
    }
    store.close();
    store = started();
    assertThat(get(store.nextId(key))).isGreaterThan(last);
  }
}
