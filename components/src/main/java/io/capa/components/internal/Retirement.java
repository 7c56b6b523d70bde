package io.capa.components.internal;

import io.capa.components.spi.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. Closes components that were replaced or removed after a grace period, so calls that
 * already hold them can finish; {@link #closeAllNow} closes the ones still waiting at shutdown.
 */
public final class Retirement {
  private static final Logger log = LoggerFactory.getLogger(Retirement.class);

  private final ScheduledExecutorService scheduler;
  private final Executor closer;
  private final Duration grace;
  private final List<Component> waiting = new ArrayList<>(); // guarded by itself

  /** @param closer where {@code close()} runs: it may block (connections, threads) */
  public Retirement(ScheduledExecutorService scheduler, Executor closer, Duration grace) {
    this.scheduler = scheduler;
    this.closer = closer;
    this.grace = grace;
  }

  /** Closes {@code component} after the grace period; nothing when null. */
  public void retire(Component component) {
    if (component == null) {
      return;
    }
    synchronized (waiting) {
      waiting.add(component);
    }
    scheduler.schedule(
        () -> {
          synchronized (waiting) {
            if (!waiting.remove(component)) {
              return; // closed by closeAllNow
            }
          }
          closer.execute(() -> closeQuietly(component));
        },
        grace.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Closes every component still in its grace period, on the caller's thread. */
  public void closeAllNow() {
    List<Component> now;
    synchronized (waiting) {
      now = new ArrayList<>(waiting);
      waiting.clear();
    }
    now.forEach(Retirement::closeQuietly);
  }

  public static void closeQuietly(Component component) {
    try {
      component.close();
    } catch (RuntimeException e) {
      log.warn("closing component {} failed", component, e);
    }
  }
}
