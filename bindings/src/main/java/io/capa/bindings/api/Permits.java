package io.capa.bindings.api;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A non-blocking counting semaphore: at most {@code limit} calls of {@link #withPermit} run at
 * once, the rest wait in arrival order. Caps deliveries across an input binding's lanes.
 */
final class Permits {
  private final Executor executor;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int available;

  Permits(int limit, Executor executor) {
    this.available = limit;
    this.executor = executor;
  }

  <T> CompletionStage<T> withPermit(Supplier<CompletionStage<T>> call) {
    return acquire().thenComposeAsync(v -> {
      CompletionStage<T> result;
      try {
        result = call.get();
      } catch (RuntimeException e) {
        release();
        return CompletableFuture.<T>failedFuture(e);
      }
      return result.whenComplete((r, e) -> release());
    }, executor);
  }

  private synchronized CompletableFuture<Void> acquire() {
    if (available > 0) {
      available--;
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> ticket = new CompletableFuture<>();
    waiting.add(ticket);
    return ticket;
  }

  private void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        available++;
        return;
      }
    }
    next.complete(null);
  }
}
