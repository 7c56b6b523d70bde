package io.capa.api.actors;

import io.capa.api.internal.Checks;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One call of an actor method with raw bytes. The payload is whatever the actor type's codec reads
 * (JSON by default); an empty payload means "no argument".
 *
 * @param timeout how long the caller waits for the turn to finish; {@code null} takes the runtime
 *     default
 * @param metadata about the call, not passed to the method: the caller's trace context ({@code
 *     traceparent}, {@code tracestate}, see {@link io.capa.api.telemetry.TraceContext})
 */
public record ActorInvocation(
    ActorId actor, String method, byte[] payload, Duration timeout, Map<String, String> metadata) {
  public ActorInvocation {
    Objects.requireNonNull(actor, "actor");
    Checks.requireText(method, "method");
    payload = Checks.orEmpty(payload);
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    metadata = Checks.metadata(metadata, "metadata");
  }

  public ActorInvocation(ActorId actor, String method, byte[] payload, Duration timeout) {
    this(actor, method, payload, timeout, Map.of());
  }

  public ActorInvocation(ActorId actor, String method, byte[] payload) {
    this(actor, method, payload, null);
  }
}
