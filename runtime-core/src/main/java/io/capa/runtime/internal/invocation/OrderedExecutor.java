package io.capa.runtime.internal.invocation;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * INTERNAL API: runs its tasks one after another, in submission order, on a shared executor. The
 * graph starts the dispatches of one target through one of these, so that calls admitted in order
 * reach their target in order (an actor's mailbox, a connection's queue), while different targets
 * still start in parallel.
 */
final class OrderedExecutor implements Executor {
  private final Executor delegate;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  OrderedExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      try {
        delegate.execute(this::drain);
      } catch (RuntimeException e) {
        tasks.remove(task);
        scheduled.set(false);
        throw e;
      }
    }
  }

  private void drain() {
    for (;;) {
      Runnable r;
      while ((r = tasks.poll()) != null) {
        r.run();
      }
      scheduled.set(false);
      // A task added after the last poll but before the flag was cleared found it set: take it.
      if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
