package io.capa.capnp.rpc.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time in submission order, on the submitting thread when idle. A task
 * submitted while another runs is queued and run by the thread that is draining, so no thread
 * is ever handed off to: a server answering calls from one connection runs on that
 * connection's thread with no context switch.
 */
final class SerialExecutor implements Executor {
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    for (;;) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        // A task's failure belongs to its call, which reports it; the queue must go on.
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
      }
    }
  }
}
