package io.capa.benchmarks.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * INTERNAL API: an open-loop load at a fixed rate. Call {@code n} is due at {@code start + n/rate}
 * by the clock, whatever happened to earlier calls, and its latency is measured from that due time:
 * a stall in the system under test (or in this driver) shows up as latency instead of being hidden
 * by sending fewer calls (coordinated omission).
 */
public final class OpenLoop {
  private final LongFunction<CompletionStage<?>> call;
  private final double ratePerSecond;

  /** {@code call} receives the sequence number of the call, from 0. */
  public OpenLoop(double ratePerSecond, LongFunction<CompletionStage<?>> call) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("rate must be > 0, got " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
    this.call = call;
  }

  /** Sends calls {@code firstSeq..} for {@code duration}, waits for their replies, and reports. */
  public Result run(String label, long firstSeq, Duration duration) throws InterruptedException {
    Recorder latency = new Recorder(3);
    LongAdder failed = new LongAdder();
    AtomicLong pending = new AtomicLong();
    AtomicLong maxLateSend = new AtomicLong();
    long intervalNanos = (long) (1e9 / ratePerSecond);
    long count = (long) (duration.toNanos() / (double) intervalNanos);
    long start = System.nanoTime();
    for (long n = 0; n < count; n++) {
      long due = start + n * intervalNanos;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      maxLateSend.accumulateAndGet(System.nanoTime() - due, Math::max);
      pending.incrementAndGet();
      CompletionStage<?> stage;
      try {
        stage = call.apply(firstSeq + n);
      } catch (RuntimeException e) {
        failed.increment();
        pending.decrementAndGet();
        continue;
      }
      stage.whenComplete(
          (v, e) -> {
            if (e == null) {
              latency.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
            } else {
              failed.increment();
            }
            pending.decrementAndGet();
          });
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (pending.get() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(label, count, failed.sum(), pending.get(), seconds, latency.getIntervalHistogram(), maxLateSend.get() / 1000);
  }

  /** Latencies in microseconds from each call's due time to its reply. */
  public record Result(
      String label, long sent, long failures, long unanswered, double seconds, Histogram latencyMicros, long maxSendDelayMicros) {}
}
