package io.capa.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EchoLoadTest {
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  /** Echoes after {@code millis} from a timer thread, the way a network stack completes on its I/O thread. */
  private EchoLoad.AsyncEcho delayedEcho(long millis, AtomicInteger inFlight, AtomicInteger maxInFlight) {
    return payload -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<ByteBuffer> f = new CompletableFuture<>();
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
      timer.schedule(
          () -> {
            inFlight.decrementAndGet();
            f.complete(copy);
          },
          millis,
          TimeUnit.MILLISECONDS);
      return f;
    };
  }

  @Test
  void run_keepsConcurrencyCallsInFlightAndMeasuresTheirLatency() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    EchoLoad.EchoResult r =
        EchoLoad.run(delayedEcho(2, inFlight, maxInFlight), 100, 4, Duration.ofMillis(50), Duration.ofMillis(400));
    assertThat(maxInFlight.get()).isEqualTo(4);
    assertThat(inFlight.get()).isZero(); // drained before returning
    // 4 in flight, each at least 2 ms: at most 2,000 calls/s.
    assertThat(r.callsPerSecond()).isBetween(100.0, 2_050.0);
    assertThat(r.calls()).isEqualTo(Math.round(r.callsPerSecond() * r.seconds()));
    assertThat(r.p50Micros()).isGreaterThanOrEqualTo(2_000.0);
    assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros());
    assertThat(r.maxMicros()).isGreaterThanOrEqualTo(r.p99Micros());
  }

  @Test
  void run_synchronousTargetLoopsWithoutOverflowingTheStack() throws Exception {
    EchoLoad.EchoResult r =
        EchoLoad.run(p -> CompletableFuture.completedFuture(p), 16, 2, Duration.ofMillis(50), Duration.ofMillis(200));
    assertThat(r.calls()).isGreaterThan(10_000);
  }

  @Test
  void run_shortAnswerFailsTheRun() {
    EchoLoad.AsyncEcho truncating = p -> CompletableFuture.completedFuture(ByteBuffer.allocate(p.remaining() - 1));
    assertThatThrownBy(() -> EchoLoad.run(truncating, 64, 2, Duration.ofMillis(20), Duration.ofMillis(50)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answered with other bytes")
        .hasRootCauseMessage("answer of 63 bytes to a payload of 64 bytes");
  }

  @Test
  void run_answerWithOtherBytesFailsTheRun() {
    EchoLoad.AsyncEcho zeros = p -> CompletableFuture.completedFuture(ByteBuffer.allocate(p.remaining()));
    assertThatThrownBy(() -> EchoLoad.run(zeros, 64, 1, Duration.ofMillis(20), Duration.ofMillis(50)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void run_failedCallFailsTheRunWithItsCause() {
    AtomicInteger calls = new AtomicInteger();
    EchoLoad.AsyncEcho failsLater =
        p -> calls.incrementAndGet() < 1_000
            ? CompletableFuture.supplyAsync(() -> p, timer)
            : CompletableFuture.failedFuture(new IllegalStateException("connection reset"));
    assertThatThrownBy(() -> EchoLoad.run(failsLater, 8, 3, Duration.ofMillis(100), Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("connection reset");
  }

  @Test
  void median_takesEachFigureOnItsOwn() {
    EchoLoad.EchoResult m =
        EchoLoad.median(
            List.of(
                new EchoLoad.EchoResult(10, 1, 10, 5, 90, 100),
                new EchoLoad.EchoResult(30, 1, 30, 1, 50, 300),
                new EchoLoad.EchoResult(20, 1, 20, 3, 70, 200)));
    assertThat(m).isEqualTo(new EchoLoad.EchoResult(20, 1, 20, 3, 70, 200));
    assertThat(EchoLoad.median(List.of(new EchoLoad.EchoResult(1, 1, 1, 1, 2, 3), new EchoLoad.EchoResult(3, 1, 3, 3, 4, 5))).callsPerSecond())
        .isEqualTo(2.0);
  }
}
