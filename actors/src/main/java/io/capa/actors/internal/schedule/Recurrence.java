package io.capa.actors.internal.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * INTERNAL API. The repeating part of a schedule, parsed from the {@code period} string. Each kind
 * answers one question: given the first firing ({@code anchor}) and how many firings happened, which
 * scheduled time comes first strictly after {@code t}? The time-to-live is applied by {@link Schedule}.
 */
public sealed interface Recurrence {
  Optional<Instant> firstAfter(Instant anchor, Instant t, long firedCount);

  /** No period: fires once, at the anchor. */
  record OneShot() implements Recurrence {
    @Override
    public Optional<Instant> firstAfter(Instant anchor, Instant t, long firedCount) {
      return firedCount == 0 && anchor.isAfter(t) ? Optional.of(anchor) : Optional.empty();
    }
  }

  /**
   * Fixed rate on the grid {@code anchor + k * period}, so late firings never shift later ones.
   *
   * @param repetitions how many firings in total, or empty for no limit
   * @param start an anchor given inside the period ({@code R5/2026-01-01T00:00:00Z/PT1H}), if any
   */
  record FixedRate(Duration period, OptionalLong repetitions, Optional<Instant> start) implements Recurrence {
    public FixedRate {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(repetitions, "repetitions");
      Objects.requireNonNull(start, "start");
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive: " + period);
      }
      if (repetitions.isPresent() && repetitions.getAsLong() < 1) {
        throw new IllegalArgumentException("repetitions must be at least 1: " + repetitions.getAsLong());
      }
    }

    private static final long NANOS_SAFE_SECONDS = 9_000_000_000L;

    @Override
    public Optional<Instant> firstAfter(Instant anchor, Instant t, long firedCount) {
      if (repetitions.isPresent() && firedCount >= repetitions.getAsLong()) {
        return Optional.empty();
      }
      if (t.isBefore(anchor)) {
        return Optional.of(anchor);
      }
      try {
        Duration span = Duration.between(anchor, t);
        // Whole nanoseconds in a long cover about 292 years; inside that, plain division avoids
        // Duration.dividedBy(Duration), which divides BigDecimals and ran on every firing.
        long k =
            span.getSeconds() < NANOS_SAFE_SECONDS && period.getSeconds() < NANOS_SAFE_SECONDS
                ? span.toNanos() / period.toNanos() + 1
                : span.dividedBy(period) + 1;
        return Optional.of(anchor.plus(period.multipliedBy(k)));
      } catch (ArithmeticException | DateTimeException e) {
        return Optional.empty(); // the next grid point lies beyond the range of Instant
      }
    }
  }

  /** Calendar firings: the anchor is the first match, then each following match. */
  record Cron(CronExpression expression) implements Recurrence {
    public Cron {
      Objects.requireNonNull(expression, "expression");
    }

    @Override
    public Optional<Instant> firstAfter(Instant anchor, Instant t, long firedCount) {
      return t.isBefore(anchor) ? Optional.of(anchor) : expression.nextAfter(t);
    }
  }
}
