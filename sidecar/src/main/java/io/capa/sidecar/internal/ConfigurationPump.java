package io.capa.sidecar.internal;

import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.sidecar.protocol.RuntimeProtocol.ConfigurationWatcher;
import io.capa.sidecar.protocol.internal.ConfigurationConvert;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: one configuration watch of an application. Like {@link SubscriptionPump}: at most
 * {@code window} updates are sent to the {@code ConfigurationWatcher} without an answer, and one
 * more is asked of the store only when one is answered. A failed update call ends the watch (the
 * application is gone or broke the contract); the store's failure is told through {@code ended}.
 */
final class ConfigurationPump implements Flow.Subscriber<ConfigurationUpdate>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigurationPump.class);

  private final ConfigurationWatcher.Client watcher;
  private final int window;
  private final String what;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Flow.Subscription upstream;
  private boolean starting = true;
  private Throwable earlyFailure;

  ConfigurationPump(ConfigurationWatcher.Client watcher, int window, String what) {
    this.watcher = watcher;
    this.window = window;
    this.what = what;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    upstream = s;
    if (closed.get()) {
      s.cancel();
    } else {
      s.request(window);
    }
  }

  @Override
  public void onNext(ConfigurationUpdate u) {
    if (closed.get()) {
      return;
    }
    try {
      watcher.update(p -> ConfigurationConvert.update(u, p)).response().whenComplete((r, e) -> {
        if (e != null) {
          log.debug("{}: the watcher failed an update, the watch ends: {}", what, e.toString());
          close();
        } else if (!closed.get()) {
          upstream.request(1);
        }
      });
    } catch (RuntimeException e) {
      close();
    }
  }

  @Override
  public void onError(Throwable t) {
    boolean early;
    synchronized (this) {
      early = starting;
      if (early) {
        earlyFailure = t;
      }
    }
    if (early) {
      close();
      return;
    }
    log.warn("{} ended with an error: {}", what, t.toString());
    ended(Calls.toRpc(t).reason());
  }

  @Override
  public void onComplete() {
    ended("");
  }

  /** The failure signalled while watching started, if any; from now on the end is told to the watcher. */
  synchronized Throwable started() {
    starting = false;
    return earlyFailure;
  }

  private void ended(String error) {
    if (closed.get()) {
      return;
    }
    try {
      watcher.ended(p -> p.setError(error)).response().whenComplete((r, e) -> close());
    } catch (RuntimeException e) {
      close();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Flow.Subscription up = upstream;
      if (up != null) {
        up.cancel();
      }
      watcher.close();
    }
  }
}
