package io.capa.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {
  @Test
  void run_synchronousCompletionsLoopWithoutOverflowingTheStack() throws Exception {
    ClosedLoop loop = new ClosedLoop(2, c -> CompletableFuture.completedFuture(c));
    ClosedLoop.Result r = loop.run("sync", Duration.ofMillis(50), Duration.ofMillis(200));
    assertThat(r.calls()).isGreaterThan(10_000);
    assertThat(r.failures()).isZero();
  }

  @Test
  void run_keepsExactlyOneCallOutstandingPerCaller() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    try {
      ClosedLoop loop =
          new ClosedLoop(
              4,
              c -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                CompletableFuture<Object> f = new CompletableFuture<>();
                timer.schedule(
                    () -> {
                      inFlight.decrementAndGet();
                      f.complete(c);
                    },
                    2,
                    TimeUnit.MILLISECONDS);
                return f;
              });
      ClosedLoop.Result r = loop.run("timed", Duration.ofMillis(20), Duration.ofMillis(300));
      assertThat(maxInFlight.get()).isEqualTo(4);
      // 4 callers, each call at least 2 ms: at most ~2,000 calls/s.
      assertThat(r.perSecond()).isBetween(100.0, 2_100.0);
      assertThat(r.latencyMicros().getValueAtPercentile(50)).isGreaterThanOrEqualTo(2_000);
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void run_failuresAreCountedAndTheFirstIsKept() throws Exception {
    ClosedLoop loop = new ClosedLoop(1, c -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
    ClosedLoop.Result r = loop.run("fail", Duration.ofMillis(10), Duration.ofMillis(50));
    assertThat(r.calls()).isZero();
    assertThat(r.failures()).isPositive();
    assertThat(r.error()).hasMessage("boom");
  }
}
