package io.capa.actors.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent callers that call {@code next} on the same actors in a loop and log every acknowledged
 * result with the times its call started and ended. Failed calls (the failover window) are counted,
 * not logged: only what a caller was told counts against the guarantees.
 */
final class Hammer implements AutoCloseable {
  /** One acknowledged call. */
  record Ack(int caller, String actor, long value, long startNanos, long endNanos) {}

  /** One call of {@code next}; throws when the call failed or timed out. */
  interface Next {
    long call(String actor, Duration timeout) throws Exception;
  }

  private final List<String> actors;
  private final Next next;
  private final Duration timeout;
  private final ExecutorService pool;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Ack> acks = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

  Hammer(List<String> actors, int callers, Duration timeout, Next next) {
    this.actors = List.copyOf(actors);
    this.next = next;
    this.timeout = timeout;
    this.pool = Executors.newFixedThreadPool(callers);
    for (int c = 0; c < callers; c++) {
      int caller = c;
      pool.execute(() -> loop(caller));
    }
  }

  private void loop(int caller) {
    // Callers start at different actors so that they collide on each actor at different moments.
    int i = caller;
    while (running.get()) {
      String actor = actors.get(i++ % actors.size());
      long start = System.nanoTime();
      try {
        long v = next.call(actor, timeout);
        acks.add(new Ack(caller, actor, v, start, System.nanoTime()));
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        failures.computeIfAbsent(actor, k -> new AtomicLong()).incrementAndGet();
      }
    }
  }

  List<Ack> acks() {
    return new ArrayList<>(acks);
  }

  long failures() {
    return failures.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Whether {@code actor} has acknowledged a call that started after {@code nanos}. */
  boolean ackedSince(String actor, long nanos) {
    return acks.stream().anyMatch(a -> a.actor().equals(actor) && a.startNanos() > nanos);
  }

  /** Lets running calls finish (each is bounded by the timeout), then stops the callers. */
  void stop() throws InterruptedException {
    running.set(false);
    pool.shutdown();
    if (!pool.awaitTermination(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
      pool.shutdownNow();
      throw new IllegalStateException("callers did not stop within the call timeout");
    }
  }

  @Override
  public void close() {
    running.set(false);
    pool.shutdownNow();
  }
}
