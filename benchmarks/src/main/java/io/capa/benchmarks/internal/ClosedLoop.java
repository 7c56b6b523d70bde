package io.capa.benchmarks.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * INTERNAL API: a closed-loop load. Each of {@code callers} callers has exactly one call outstanding
 * and issues its next call from the completion callback of the previous one, so the offered load
 * follows the system's speed (no queue builds up in the driver).
 *
 * <p>Completion callbacks are plain {@code whenComplete}: they run on the thread that completed the
 * call and never touch the common pool. A call that completes synchronously is looped, not recursed.
 */
public final class ClosedLoop {
  /** Issues one call for caller {@code i}. */
  private final IntFunction<CompletionStage<?>> call;
  private final int callers;
  private final Recorder latency = new Recorder(3);
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile Throwable firstError;

  public ClosedLoop(int callers, IntFunction<CompletionStage<?>> call) {
    if (callers < 1) {
      throw new IllegalArgumentException("callers must be >= 1, got " + callers);
    }
    this.callers = callers;
    this.call = call;
  }

  /** Runs the load for {@code warmup}, then measures for {@code measure}; returns the measured round. */
  public Result run(String label, Duration warmup, Duration measure) throws InterruptedException {
    running.set(true);
    // Callers start on a thread of their own: a stub that completes synchronously keeps its caller
    // looping on the starting thread until the round ends, and that must not be this one.
    Thread starter =
        new Thread(
            () -> {
              for (int i = 0; i < callers; i++) {
                outstanding.incrementAndGet();
                next(i);
              }
            },
            "closed-loop-starter");
    starter.setDaemon(true);
    starter.start();
    Thread.sleep(warmup.toMillis());
    latency.reset();
    long c0 = completed.sum();
    long f0 = failed.sum();
    long t0 = System.nanoTime();
    Thread.sleep(measure.toMillis());
    long c1 = completed.sum();
    long f1 = failed.sum();
    long t1 = System.nanoTime();
    org.HdrHistogram.Histogram h = latency.getIntervalHistogram();
    running.set(false);
    starter.join(TimeUnit.SECONDS.toMillis(30));
    drain();
    double seconds = (t1 - t0) / 1e9;
    return new Result(label, c1 - c0, f1 - f0, seconds, h, firstError);
  }

  private void next(int caller) {
    while (running.get()) {
      long start = System.nanoTime();
      CompletionStage<?> stage;
      try {
        stage = call.apply(caller);
      } catch (RuntimeException e) {
        record(start, e);
        continue;
      }
      java.util.concurrent.CompletableFuture<?> f = stage.toCompletableFuture();
      if (f.isDone()) {
        record(start, f.isCompletedExceptionally() ? exceptionOf(f) : null);
        continue;
      }
      stage.whenComplete(
          (v, e) -> {
            record(start, e);
            next(caller);
          });
      return;
    }
    outstanding.decrementAndGet();
  }

  private void record(long start, Throwable e) {
    if (e == null) {
      latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
      completed.increment();
    } else {
      failed.increment();
      if (firstError == null) {
        firstError = e;
      }
    }
  }

  private static Throwable exceptionOf(java.util.concurrent.CompletableFuture<?> f) {
    try {
      f.join();
      return null;
    } catch (RuntimeException e) {
      return e.getCause() != null ? e.getCause() : e;
    }
  }

  /** Waits until every caller has seen its last call complete, so rounds do not overlap. */
  private void drain() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
  }

  /** One measured round: calls completed and failed, elapsed seconds, latency in microseconds. */
  public record Result(
      String label, long calls, long failures, double seconds, org.HdrHistogram.Histogram latencyMicros, Throwable error) {
    public double perSecond() {
      return calls / seconds;
    }
  }
}
