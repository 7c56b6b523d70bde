package io.capa.benchmarks.micro;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The next grid point of a fixed-rate reminder, computed two ways: with {@code
 * Duration.dividedBy(Duration)} as the reminder schedule does on every firing, and with long
 * arithmetic on milliseconds. {@code dividedBy} goes through {@code BigDecimal}; this measures what
 * that costs per firing.
 *
 * <p>Run: {@code java -cp "$CP" org.openjdk.jmh.Main GridPointBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GridPointBenchmark {
  private final Instant anchor = Instant.parse("2026-11-21T17:00:00.123Z");
  private final Duration period = Duration.ofMillis(33_333);
  private Instant now = anchor.plusSeconds(86_400).plusMillis(17);

  @Benchmark
  public Instant durationDividedBy() {
    now = now.plusMillis(1);
    long k = Duration.between(anchor, now).dividedBy(period) + 1;
    return anchor.plus(period.multipliedBy(k));
  }

  @Benchmark
  public Instant longMillis() {
    now = now.plusMillis(1);
    long p = period.toMillis();
    long k = Math.floorDiv(now.toEpochMilli() - anchor.toEpochMilli(), p) + 1;
    return Instant.ofEpochMilli(anchor.toEpochMilli() + k * p);
  }
}
