package io.capa.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
  @Test
  void run_sendsAtTheRateWithConsecutiveSequenceNumbers() throws Exception {
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    OpenLoop loop =
        new OpenLoop(
            1000,
            n -> {
              seen.add(n);
              return CompletableFuture.completedFuture(n);
            });
    OpenLoop.Result r = loop.run("rate", 100, Duration.ofMillis(300));
    assertThat(r.sent()).isEqualTo(300);
    assertThat(seen).hasSize(300).startsWith(100L, 101L).endsWith(399L);
    assertThat(r.seconds()).isGreaterThanOrEqualTo(0.29);
  }

  @Test
  void run_latencyCountsFromTheDueTimeSoAStallIsSeen() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      // Every call takes 20 ms: the p50 must be at least that, whatever the send times were.
      OpenLoop loop =
          new OpenLoop(
              200,
              n -> {
                CompletableFuture<Object> f = new CompletableFuture<>();
                timer.schedule(() -> f.complete(n), 20, TimeUnit.MILLISECONDS);
                return f;
              });
      OpenLoop.Result r = loop.run("slow", 0, Duration.ofMillis(200));
      assertThat(r.unanswered()).isZero();
      assertThat(r.latencyMicros().getValueAtPercentile(50)).isGreaterThanOrEqualTo(20_000);
    } finally {
      timer.shutdownNow();
    }
  }
}
