package io.capa.runtime.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One call entering the node's {@link InvocationGraph}.
 *
 * @param source where the call came from (a metrics label)
 * @param target what it calls, for instance {@code actor/Counter/c1} or {@code app/orders}; calls to
 *     the same target share its parallelism and waiting queue
 * @param deadline when the caller stops caring; a call still waiting for its target then fails with
 *     {@code ERR_DEADLINE_EXCEEDED}. {@code null}: only {@code capa.invocation.max-wait} bounds the
 *     wait. The graph does not time calls already dispatched: {@code dispatch} must complete its
 *     stage in bounded time (an ask with a timeout), because the target's slot is held until it does.
 * @param dispatch performs the call on the target; run once, off the graph's own thread, when the
 *     target has a free slot
 */
public record Invocation<T>(
    InvocationSource source, String target, Instant deadline, Supplier<CompletionStage<T>> dispatch) {
  /** Longer targets are refused: every waiting call keeps its key, so its size must be bounded. */
  public static final int MAX_TARGET_LENGTH = 1024;

  public Invocation {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(dispatch, "dispatch");
    if (target.isBlank()) {
      throw new IllegalArgumentException("target must not be blank");
    }
    if (target.length() > MAX_TARGET_LENGTH) {
      throw new IllegalArgumentException(
          "target is " + target.length() + " characters long, more than " + MAX_TARGET_LENGTH);
    }
  }

  /** A call without a deadline of its own. */
  public static <T> Invocation<T> of(InvocationSource source, String target, Supplier<CompletionStage<T>> dispatch) {
    return new Invocation<>(source, target, null, dispatch);
  }

  /** This call with a deadline {@code timeout} from now; a {@code null} timeout keeps it as is. */
  public Invocation<T> withTimeout(Duration timeout) {
    if (timeout == null) {
      return this;
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new Invocation<>(source, target, Instant.now().plus(timeout), dispatch);
  }
}
