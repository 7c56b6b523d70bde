package io.capa.api.actors;

import java.time.Duration;
import java.util.Objects;

/** What a reminder does when the actor's reminder callback fails. */
public sealed interface FailurePolicy {
  /** Give up on this firing; a periodic reminder keeps its schedule. */
  record Drop() implements FailurePolicy {}

  /** Fire again up to {@code maxRetries} times, {@code interval} apart, before giving up on this firing. */
  record Retry(int maxRetries, Duration interval) implements FailurePolicy {
    public Retry {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
      }
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("retry interval must not be negative: " + interval);
      }
    }
  }

  static FailurePolicy drop() {
    return new Drop();
  }

  static FailurePolicy retry(int maxRetries, Duration interval) {
    return new Retry(maxRetries, interval);
  }
}
