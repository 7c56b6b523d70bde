package io.capa.components.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings of a {@link ComponentRegistry}.
 *
 * @param firstRetry how long after a failed creation the registry tries again; the wait doubles
 *     after each failure
 * @param maxRetry the longest wait between two attempts
 * @param closeGrace how long a replaced or removed component stays open, so calls that already hold
 *     it can finish
 * @param secretTimeout how long resolving one {@code secretKeyRef} may take
 */
public record RegistrySettings(Duration firstRetry, Duration maxRetry, Duration closeGrace, Duration secretTimeout) {
  public static final RegistrySettings DEFAULTS =
      new RegistrySettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10));

  public RegistrySettings {
    positive(firstRetry, "firstRetry");
    positive(maxRetry, "maxRetry");
    Objects.requireNonNull(closeGrace, "closeGrace");
    if (closeGrace.isNegative()) {
      throw new IllegalArgumentException("closeGrace must not be negative, got " + closeGrace);
    }
    positive(secretTimeout, "secretTimeout");
    if (maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("maxRetry " + maxRetry + " is shorter than firstRetry " + firstRetry);
    }
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }
}
