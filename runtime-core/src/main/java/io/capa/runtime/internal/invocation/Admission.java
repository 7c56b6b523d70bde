package io.capa.runtime.internal.invocation;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.runtime.api.Invocation;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * INTERNAL API: one submitted call on its way through the graph, with the caller's promise. Its
 * mutable fields belong to the admission stage.
 */
public final class Admission<T> {
  final Invocation<T> invocation;
  final CompletableFuture<T> promise = new CompletableFuture<>();
  final long submittedNanos;
  /** {@link Long#MAX_VALUE} when the call has no deadline of its own. */
  final long deadlineNanos;
  /** The target's state while the call waits in its queue; null otherwise. */
  AdmissionStage.Target waitingIn;

  public Admission(Invocation<T> invocation, long nowNanos) {
    this.invocation = invocation;
    this.submittedNanos = nowNanos;
    Instant deadline = invocation.deadline();
    if (deadline == null) {
      deadlineNanos = Long.MAX_VALUE;
    } else {
      // Converted once to the monotonic clock, so a wall-clock jump cannot expire or extend a wait.
      long left = java.time.Duration.between(Instant.now(), deadline).toNanos();
      deadlineNanos = nowNanos + Math.max(0, left);
    }
  }

  public Invocation<T> invocation() {
    return invocation;
  }

  public CompletableFuture<T> promise() {
    return promise;
  }

  /**
   * Runs the dispatch on {@code executor}, never on the stage's thread: a dispatch that blocks
   * would otherwise stall every target. {@code onDone} runs exactly once, before the caller hears
   * the outcome, so the slot is free by the time the caller can retry.
   */
  void dispatch(Executor executor, Runnable onDone) {
    try {
      executor.execute(
          () -> {
            CompletionStage<T> stage;
            try {
              stage = invocation.dispatch().get();
              if (stage == null) {
                throw new IllegalStateException("the dispatch of a call to " + invocation.target() + " returned null");
              }
            } catch (RuntimeException | Error e) {
              stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete(
                (value, error) -> {
                  onDone.run();
                  if (error == null) {
                    promise.complete(value);
                  } else {
                    promise.completeExceptionally(
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                  }
                });
          });
    } catch (RejectedExecutionException e) {
      onDone.run();
      promise.completeExceptionally(
          new CapaException(ErrorCode.SHUTTING_DOWN, "the node is shutting down; call to " + invocation.target() + " not made", e));
    }
  }

  /**
   * Fails the caller on {@code executor}. The exception and its message are built there too: under
   * overload the stage refuses thousands of calls, and filling in a stack trace on the stage's own
   * thread would slow it down just when it must keep up. The caller's continuations do not run on
   * the stage either.
   */
  void reject(Executor executor, ErrorCode code, Supplier<String> message) {
    try {
      executor.execute(() -> promise.completeExceptionally(new CapaException(code, message.get())));
    } catch (RejectedExecutionException e) {
      promise.completeExceptionally(new CapaException(code, message.get()));
    }
  }
}
