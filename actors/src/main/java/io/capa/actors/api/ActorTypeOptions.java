package io.capa.actors.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-type settings. Absent values ({@code null}) take the runtime's configured defaults
 * ({@code capa.actors.*}).
 *
 * @param idleTimeout passivate an actor after this long without a message
 * @param reentrant whether calls of the same call chain may enter an actor that is in a turn
 * @param maxReentrancyDepth how deep such a chain may go before it is rejected
 * @param turnTimeout how long one turn may run before it is abandoned and its changes discarded
 * @param codec how arguments, results and state values are encoded
 */
public record ActorTypeOptions(
    Duration idleTimeout, Boolean reentrant, Integer maxReentrancyDepth, Duration turnTimeout, Codec codec) {
  public ActorTypeOptions {
    if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    if (maxReentrancyDepth != null && maxReentrancyDepth < 1) {
      throw new IllegalArgumentException("maxReentrancyDepth must be at least 1: " + maxReentrancyDepth);
    }
    if (turnTimeout != null && (turnTimeout.isNegative() || turnTimeout.isZero())) {
      throw new IllegalArgumentException("turnTimeout must be positive: " + turnTimeout);
    }
  }

  public static ActorTypeOptions defaults() {
    return new ActorTypeOptions(null, null, null, null, null);
  }

  public ActorTypeOptions withIdleTimeout(Duration d) {
    return new ActorTypeOptions(Objects.requireNonNull(d), reentrant, maxReentrancyDepth, turnTimeout, codec);
  }

  public ActorTypeOptions withReentrancy(boolean enabled, int maxDepth) {
    return new ActorTypeOptions(idleTimeout, enabled, maxDepth, turnTimeout, codec);
  }

  public ActorTypeOptions withTurnTimeout(Duration d) {
    return new ActorTypeOptions(idleTimeout, reentrant, maxReentrancyDepth, Objects.requireNonNull(d), codec);
  }

  public ActorTypeOptions withCodec(Codec c) {
    return new ActorTypeOptions(idleTimeout, reentrant, maxReentrancyDepth, turnTimeout, Objects.requireNonNull(c));
  }
}
