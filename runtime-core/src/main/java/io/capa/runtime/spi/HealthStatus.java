package io.capa.runtime.spi;

import java.util.Objects;

/**
 * The answer of one {@link HealthCheck}; {@code detail} says why when not {@link State#UP} (may be
 * empty).
 */
public record HealthStatus(State state, String detail) {
  /** How well a component can serve. */
  public enum State {
    /** Working. */
    UP,
    /**
     * Not working now, for a reason outside the node (a backend that is down), and the node recovers by
     * itself once the reason goes away: restarting the node would not help.
     */
    DEGRADED,
    /** Not working, and not expected to recover by itself. */
    DOWN
  }

  public HealthStatus {
    Objects.requireNonNull(state, "state");
    detail = Objects.requireNonNullElse(detail, "");
  }

  public static HealthStatus ok() {
    return new HealthStatus(State.UP, "");
  }

  public static HealthStatus degraded(String detail) {
    return new HealthStatus(State.DEGRADED, detail);
  }

  public static HealthStatus unhealthy(String detail) {
    return new HealthStatus(State.DOWN, detail);
  }

  public boolean healthy() {
    return state == State.UP;
  }
}
