package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.RpcException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Client-side flow control of a stream of calls: at most a window of bytes may be in flight
 * (sent and not yet returned). A sender gets a stage that completes when its call fits, so a
 * slow receiver slows the sender down instead of letting calls pile up. The first failed
 * call fails every later one, as a broken stream should.
 */
final class FlowWindow {
  private final long windowBytes;
  private long inFlight;
  private RpcException failure;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private final ArrayDeque<Long> waitingSizes = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<Void>> drainWaiters = new ArrayDeque<>();

  FlowWindow(long windowBytes) {
    this.windowBytes = windowBytes;
  }

  /** Accounts {@code bytes} of a call being sent; the stage says when the next may be sent. */
  synchronized CompletableFuture<Void> sent(long bytes) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    inFlight += bytes;
    if (inFlight <= windowBytes || inFlight == bytes) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiting.add(f);
    waitingSizes.add(bytes);
    return f;
  }

  /** Completes when no call of the stream is in flight; fails if any call failed. */
  synchronized CompletableFuture<Void> whenDrained() {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (inFlight == 0) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    drainWaiters.add(f);
    return f;
  }

  void returned(long bytes, RpcException error) {
    ArrayDeque<CompletableFuture<Void>> ready = new ArrayDeque<>();
    ArrayDeque<CompletableFuture<Void>> drained = new ArrayDeque<>();
    RpcException fail;
    synchronized (this) {
      inFlight -= bytes;
      if (inFlight == 0 || error != null) {
        drained.addAll(drainWaiters);
        drainWaiters.clear();
      }
      if (error != null && failure == null) {
        failure = error;
      }
      fail = failure;
      if (fail != null) {
        ready.addAll(waiting);
        waiting.clear();
        waitingSizes.clear();
      } else {
        // A waiter's bytes are already counted: release waiters while what remains ahead of
        // them fits in the window.
        long ahead = inFlight;
        for (Long size : waitingSizes) {
          ahead -= size;
        }
        while (!waiting.isEmpty() && ahead < windowBytes) {
          ready.add(waiting.poll());
          ahead += waitingSizes.poll();
        }
      }
    }
    ready.addAll(drained);
    for (CompletableFuture<Void> f : ready) {
      if (fail != null) {
        f.completeExceptionally(fail);
      } else {
        f.complete(null);
      }
    }
  }

  synchronized long inFlight() {
    return inFlight;
  }
}
