package io.capa.pubsub.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * INTERNAL API. Hands items to one {@link Flow.Subscriber} no faster than it asked for them: items
 * offered from any thread wait in a queue until there is demand. Signals are serialised by a
 * work-in-progress counter, so a subscriber that requests from within {@code onNext} does not recurse.
 * The queue's size is bounded by whoever offers (a broker's prefetch, a subscription's window).
 */
public final class Outbox<T> {
  private final Flow.Subscriber<? super T> subscriber;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong demand = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean cancelled;
  private boolean terminated;

  public Outbox(Flow.Subscriber<? super T> subscriber) {
    this.subscriber = subscriber;
  }

  /** Adds demand; a non-positive {@code n} fails the stream as the Reactive Streams rules demand. */
  public void request(long n) {
    if (n <= 0) {
      fail(new IllegalArgumentException("request must be positive (Reactive Streams rule 3.9): " + n));
      return;
    }
    demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
    drain();
  }

  public void offer(T item) {
    if (!cancelled) {
      queue.add(item);
      drain();
    }
  }

  /** Ends the stream with {@code t} once the items already queued are delivered. */
  public void fail(Throwable t) {
    failure.compareAndSet(null, t);
    drain();
  }

  /** Stops delivering; queued items are discarded (their broker messages stay unacknowledged). */
  public void cancel() {
    cancelled = true;
    queue.clear();
  }

  public boolean cancelled() {
    return cancelled;
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (!cancelled && !terminated && demand.get() > 0) {
        T next = queue.poll();
        if (next == null) {
          break;
        }
        demand.decrementAndGet();
        subscriber.onNext(next);
      }
      Throwable t = failure.get();
      if (t != null && !cancelled && !terminated && (queue.isEmpty() || t instanceof IllegalArgumentException)) {
        terminated = true;
        cancelled = true;
        subscriber.onError(t);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
