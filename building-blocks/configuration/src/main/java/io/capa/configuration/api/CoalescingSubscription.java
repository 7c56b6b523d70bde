package io.capa.configuration.api;

import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.configuration.spi.ConfigurationChange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration subscriber's subscription. Changes the subscriber has not asked for yet wait in
 * a map by key, where a newer change of a key replaces the older one: a slow subscriber gets the
 * latest state of each key in one update instead of every intermediate value, and memory stays
 * bounded by the number of keys. Signals go out on {@code executor}, one at a time.
 */
final class CoalescingSubscription implements Flow.Subscription {
  private static final Logger log = LoggerFactory.getLogger(CoalescingSubscription.class);

  private final String store;
  private final Flow.Subscriber<? super ConfigurationUpdate> downstream;
  private final Executor executor;
  private final AtomicInteger wip = new AtomicInteger();
  /** Key to its latest pending state; empty means removed. Guarded by this. */
  private final Map<String, Optional<ConfigurationItem>> pending = new LinkedHashMap<>();
  private long demand;
  private boolean cancelled;
  private Throwable error;
  private boolean terminated;
  private volatile AutoCloseable watch;
  private final Runnable onEnd;

  /** @param onEnd runs once the subscription is cancelled or failed */
  CoalescingSubscription(String store, Flow.Subscriber<? super ConfigurationUpdate> downstream, Executor executor,
      Runnable onEnd) {
    this.store = store;
    this.downstream = downstream;
    this.executor = executor;
    this.onEnd = onEnd;
  }

  /** Watches through {@code w} from now on; a previous watch (of a replaced store instance) is closed. */
  void attach(AutoCloseable w) {
    AutoCloseable previous = this.watch;
    this.watch = w;
    if (previous != null) {
      close(previous);
    }
    boolean late;
    synchronized (this) {
      late = cancelled;
    }
    if (late) {
      closeWatch();
    }
  }

  /** A store change; called by the store's watch. */
  void offer(ConfigurationChange change) {
    synchronized (this) {
      if (cancelled) {
        return;
      }
      change.changed().forEach((k, v) -> {
        pending.remove(k);
        pending.put(k, Optional.of(v));
      });
      for (String k : change.removed()) {
        pending.remove(k);
        pending.put(k, Optional.empty());
      }
    }
    drain();
  }

  void fail(Throwable t) {
    synchronized (this) {
      if (error == null) {
        error = t;
      }
    }
    drain();
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      fail(new IllegalArgumentException("request must be positive (Reactive Streams rule 3.9), got " + n));
      return;
    }
    synchronized (this) {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    }
    drain();
  }

  @Override
  public void cancel() {
    synchronized (this) {
      cancelled = true;
      pending.clear();
    }
    closeWatch();
  }

  private void closeWatch() {
    AutoCloseable w = watch;
    if (w != null) {
      close(w);
    }
    onEnd.run();
  }

  private static void close(AutoCloseable w) {
    try {
      w.close();
    } catch (Exception e) {
      log.debug("closing a configuration watch failed", e);
    }
  }

  private void drain() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(this::drainLoop);
    }
  }

  private void drainLoop() {
    int missed = 1;
    do {
      while (true) {
        ConfigurationUpdate next = null;
        Throwable failure = null;
        synchronized (this) {
          if (cancelled || terminated) {
            break;
          }
          if (error != null) {
            terminated = true;
            cancelled = true;
            failure = error;
          } else if (demand > 0 && !pending.isEmpty()) {
            next = take();
            demand--;
          } else {
            break;
          }
        }
        if (failure != null) {
          closeWatch();
          downstream.onError(failure);
          break;
        }
        try {
          downstream.onNext(next);
        } catch (RuntimeException e) {
          log.warn("a configuration subscriber of store '{}' threw from onNext; cancelling it", store, e);
          cancel();
          break;
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private ConfigurationUpdate take() {
    Map<String, ConfigurationItem> changed = new HashMap<>();
    Set<String> removed = new HashSet<>();
    pending.forEach((k, v) -> {
      if (v.isPresent()) {
        changed.put(k, v.get());
      } else {
        removed.add(k);
      }
    });
    pending.clear();
    return new ConfigurationUpdate(store, changed, removed);
  }
}
