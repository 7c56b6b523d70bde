package io.capa.sdk.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the runtime runs the turns of an actor type hosted by the application.
 *
 * @param turnTimeout how long one turn may take; empty takes the runtime's default
 * @param idleTimeout how long an actor stays active without a message; empty takes the default
 * @param reentrant whether a call chain may re-enter an actor that is waiting on it
 * @param maxReentrancyDepth how deep such a chain may go; 0 takes the runtime's default
 */
public record HostOptions(
    Optional<Duration> turnTimeout, Optional<Duration> idleTimeout, boolean reentrant, int maxReentrancyDepth) {
  public HostOptions {
    turnTimeout = positive(turnTimeout, "turnTimeout");
    idleTimeout = positive(idleTimeout, "idleTimeout");
    if (maxReentrancyDepth < 0) {
      throw new IllegalArgumentException("maxReentrancyDepth must not be negative: " + maxReentrancyDepth);
    }
  }

  /** The runtime's defaults, not reentrant. */
  public static HostOptions defaults() {
    return new HostOptions(Optional.empty(), Optional.empty(), false, 0);
  }

  public HostOptions withTurnTimeout(Duration timeout) {
    return new HostOptions(Optional.of(timeout), idleTimeout, reentrant, maxReentrancyDepth);
  }

  public HostOptions withIdleTimeout(Duration timeout) {
    return new HostOptions(turnTimeout, Optional.of(timeout), reentrant, maxReentrancyDepth);
  }

  public HostOptions withReentrancy(boolean on, int maxDepth) {
    return new HostOptions(turnTimeout, idleTimeout, on, maxDepth);
  }

  private static Optional<Duration> positive(Optional<Duration> value, String what) {
    Optional<Duration> v = Objects.requireNonNullElse(value, Optional.empty());
    v.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
    });
    return v;
  }
}
