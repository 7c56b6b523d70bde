package io.capa.benchmarks.rpc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop echo load against any RPC stack: {@code concurrency} calls are in flight at all
 * times, and each completion issues the next call from the thread that completed it, so the offered
 * load follows the stack's own speed and no queue builds up in the driver.
 *
 * <p>Completions usually arrive on the stack's I/O threads; the driver never blocks there (it
 * records a latency, checks the answer and issues the next call). A call that completes before
 * {@code echo} returns is continued by a loop on the issuing thread, not by recursion. A target that
 * always completes synchronously therefore keeps the starting thread to one slot at a time; network
 * stacks do not.
 *
 * <p>Every answer must be as long as the payload and carry its first and last byte; anything else,
 * and every failed call, is an error, and a run with an error throws instead of returning figures.
 */
public final class EchoLoad {
  /** How long the last calls of a round may take to come back before the round counts as broken. */
  private static final long DRAIN_SECONDS = 30;

  /** The stack under test: one unary echo call. */
  @FunctionalInterface
  public interface AsyncEcho {
    /**
     * Sends {@code payload} (position to limit) and completes with the echoed bytes (position to
     * limit). The buffer is shared by the calls of a run: the stack may read it, never write it.
     */
    CompletionStage<ByteBuffer> echo(ByteBuffer payload);
  }

  /** One measured window. Latency is per call, issue to completion, in microseconds. */
  public record EchoResult(
      long calls, double seconds, double callsPerSecond, double p50Micros, double p99Micros, double maxMicros) {}

  private final AsyncEcho target;
  private final ByteBuffer payload;
  private final int payloadBytes;
  private final byte first;
  private final byte last;
  private final Recorder latencyNanos = new Recorder(3);
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private final CountDownLatch failed = new CountDownLatch(1);
  private final CountDownLatch slotsDone;
  private volatile boolean running = true;

  private EchoLoad(AsyncEcho target, int payloadBytes, int concurrency) {
    this.target = target;
    this.payloadBytes = payloadBytes;
    byte[] bytes = new byte[payloadBytes];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    this.payload = ByteBuffer.wrap(bytes);
    this.first = payloadBytes > 0 ? bytes[0] : 0;
    this.last = payloadBytes > 0 ? bytes[payloadBytes - 1] : 0;
    this.slotsDone = new CountDownLatch(concurrency);
  }

  /**
   * Runs the load for {@code warmup} (not counted), then measures for {@code measure}, then waits
   * for the calls still in flight, so consecutive runs do not overlap.
   *
   * @throws IllegalStateException if any call failed or answered with the wrong bytes, or calls
   *     were still outstanding {@value #DRAIN_SECONDS} s after the window closed
   */
  public static EchoResult run(
      AsyncEcho target, int payloadBytes, int concurrency, Duration warmup, Duration measure)
      throws InterruptedException {
    if (payloadBytes < 0 || concurrency < 1) {
      throw new IllegalArgumentException(
          "payloadBytes must be >= 0 and concurrency >= 1, got " + payloadBytes + " and " + concurrency);
    }
    return new EchoLoad(target, payloadBytes, concurrency).run(concurrency, warmup, measure);
  }

  private EchoResult run(int concurrency, Duration warmup, Duration measure) throws InterruptedException {
    // The first calls go out from a thread of their own, so a synchronous target cannot keep the
    // caller's thread, which has to close the windows.
    Thread starter =
        new Thread(
            () -> {
              for (int i = 0; i < concurrency; i++) {
                new Slot().next();
              }
            },
            "echo-load-starter");
    starter.setDaemon(true);
    starter.start();
    Histogram measured = null;
    long t0 = 0;
    long t1 = 0;
    try {
      if (!failed.await(warmup.toNanos(), TimeUnit.NANOSECONDS)) {
        latencyNanos.getIntervalHistogram(); // drops the warm-up
        t0 = System.nanoTime();
        if (!failed.await(measure.toNanos(), TimeUnit.NANOSECONDS)) {
          measured = latencyNanos.getIntervalHistogram();
          t1 = System.nanoTime();
        }
      }
    } finally {
      running = false;
    }
    boolean drained = slotsDone.await(DRAIN_SECONDS, TimeUnit.SECONDS);
    starter.join(TimeUnit.SECONDS.toMillis(1));
    long errorCount = errors.sum();
    if (errorCount > 0) {
      throw new IllegalStateException(
          errorCount + " echo call(s) failed or answered with other bytes than sent (" + payloadBytes + " bytes)",
          firstError.get());
    }
    if (!drained) {
      throw new IllegalStateException(
          slotsDone.getCount() + " of " + concurrency + " calls still outstanding " + DRAIN_SECONDS + " s after the window");
    }
    double seconds = (t1 - t0) / 1e9;
    long calls = measured.getTotalCount();
    return new EchoResult(
        calls,
        seconds,
        calls / seconds,
        measured.getValueAtPercentile(50) / 1e3,
        measured.getValueAtPercentile(99) / 1e3,
        measured.getMaxValue() / 1e3);
  }

  /**
   * One of the {@code concurrency} calls in flight. Whichever of the issuing thread and the
   * completing thread comes second continues the loop: {@link #PENDING} turns into {@link #ISSUED}
   * when {@code echo} returned before completion, into {@link #DONE} when the call completed first.
   */
  private final class Slot {
    private static final int PENDING = 0;
    private static final int ISSUED = 1;
    private static final int DONE = 2;
    private final AtomicInteger state = new AtomicInteger();

    void next() {
      while (running) {
        state.set(PENDING);
        long start = System.nanoTime();
        CompletionStage<ByteBuffer> call;
        try {
          call = target.echo(payload.duplicate());
        } catch (RuntimeException e) {
          error(e);
          break;
        }
        call.whenComplete(
            (answer, e) -> {
              boolean ok = record(start, answer, e);
              if (!state.compareAndSet(PENDING, DONE)) {
                if (ok) {
                  next();
                } else {
                  slotsDone.countDown();
                }
              }
            });
        if (state.compareAndSet(PENDING, ISSUED)) {
          return; // the completion continues
        }
        if (failed.getCount() == 0) {
          break; // the completion just failed: this slot stops here
        }
      }
      slotsDone.countDown();
    }
  }

  /** Records one completed call; false when it was an error and the slot must stop. */
  private boolean record(long start, ByteBuffer answer, Throwable e) {
    long nanos = System.nanoTime() - start;
    if (e != null) {
      error(e);
      return false;
    }
    if (answer == null
        || answer.remaining() != payloadBytes
        || (payloadBytes > 0 && (answer.get(answer.position()) != first || answer.get(answer.limit() - 1) != last))) {
      error(
          new IllegalStateException(
              "answer of " + (answer == null ? "null" : answer.remaining() + " bytes") + " to a payload of " + payloadBytes + " bytes"));
      return false;
    }
    latencyNanos.recordValue(Math.max(1, nanos));
    return true;
  }

  private void error(Throwable e) {
    errors.increment();
    firstError.compareAndSet(null, e);
    failed.countDown();
  }

  /**
   * The median of each figure over rounds of the same setting, taken one figure at a time (the
   * median p99 need not come from the round with the median rate).
   */
  public static EchoResult median(List<EchoResult> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("median of no rounds");
    }
    return new EchoResult(
        Math.round(median(rounds, r -> r.calls())),
        median(rounds, EchoResult::seconds),
        median(rounds, EchoResult::callsPerSecond),
        median(rounds, EchoResult::p50Micros),
        median(rounds, EchoResult::p99Micros),
        median(rounds, EchoResult::maxMicros));
  }

  private static double median(List<EchoResult> rounds, ToDoubleFunction<EchoResult> figure) {
    double[] s = rounds.stream().mapToDouble(figure).toArray();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
