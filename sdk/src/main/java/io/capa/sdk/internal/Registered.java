package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.sdk.api.Registration;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: something the application registered with the runtime, registered again on every
 * new connection until the application closes it. A registration the runtime refuses on a new
 * connection is retried with backoff while that connection lives: the runtime may not yet have
 * noticed that the previous connection, which held it, is gone.
 *
 * @param <R> the typed results of the registering call
 */
abstract class Registered<R> implements Registration {
  private static final Logger LOG = LoggerFactory.getLogger(Registered.class);

  private final RuntimeLink link;
  private final String what;

  // Guarded by this.
  private long generation = -1;
  private CompletableFuture<Void> current = CompletableFuture.completedFuture(null);
  private RuntimeProtocol.Registration.Client remote;
  private long activeGeneration = -1;
  private boolean closed;
  private int failures;

  Registered(RuntimeLink link, String what) {
    this.link = link;
    this.what = what;
  }

  /** Sends the registering call on {@code runtime}. */
  protected abstract RuntimeLink.Pending<R> send(RuntimeProtocol.Runtime.Client runtime);

  /** The registration capability of the results, kept beyond the response (dup). */
  protected abstract RuntimeProtocol.Registration.Client registration(R results);

  String what() {
    return what;
  }

  /** Registers on {@code l} unless already done or under way there. */
  synchronized CompletionStage<Void> register(Live l, boolean retry) {
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    if (generation == l.generation()) {
      return current;
    }
    generation = l.generation();
    CompletableFuture<Void> f = new CompletableFuture<>();
    current = f;
    RuntimeLink.Pending<R> pending;
    try {
      pending = send(l.runtime());
    } catch (RuntimeException e) {
      f.completeExceptionally(new CapaException(ErrorCode.RUNTIME_UNAVAILABLE, "register " + what + ": " + e, e));
      return f;
    }
    link.finish("register " + what, link.settings().callTimeout(), pending, this::registration)
        .whenComplete((client, err) -> registered(l, client, err, retry, f));
    return f;
  }

  private void registered(
      Live l, RuntimeProtocol.Registration.Client client, Throwable err, boolean retry, CompletableFuture<Void> f) {
    if (err == null) {
      boolean keep;
      synchronized (this) {
        keep = !closed && !l.isDead() && generation == l.generation();
        if (keep) {
          remote = client;
          activeGeneration = l.generation();
          failures = 0;
        }
      }
      if (!keep) {
        client.close();
      }
      f.complete(null);
      return;
    }
    Throwable cause = Handshake.unwrap(err);
    CapaException c = cause instanceof CapaException ce ? ce
        : new CapaException(ErrorCode.INTERNAL, "register " + what + ": " + cause, cause);
    f.completeExceptionally(c);
    if (!retry) {
      return;
    }
    Duration delay;
    synchronized (this) {
      if (closed || l.isDead() || generation != l.generation()) {
        return;
      }
      delay = link.settings().backoff().delay(failures++);
      // Lets the retry through the once-per-connection check.
      generation = -1;
    }
    LOG.warn("The runtime at {} did not take the registration of {} ({}); retrying in {} ms",
        link.settings().endpoint(), what, c.toString(), delay.toMillis());
    link.scheduler().schedule(() -> {
      if (!l.isDead()) {
        register(l, true);
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  synchronized void connectionLost(Live l) {
    if (activeGeneration == l.generation()) {
      activeGeneration = -1;
      if (remote != null) {
        remote.close();
        remote = null;
      }
    }
  }

  synchronized void clientClosed() {
    closed = true;
    activeGeneration = -1;
    // The connection's end ends the registration on the runtime.
    remote = null;
  }

  @Override
  public synchronized boolean active() {
    return activeGeneration >= 0 && !closed;
  }

  @Override
  public void close() {
    RuntimeProtocol.Registration.Client r;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      r = remote;
      remote = null;
      activeGeneration = -1;
    }
    link.remove(this);
    if (r == null) {
      return;
    }
    try {
      // Waits for the runtime to end it, so that another host of the same type or app id can
      // register right after this returns.
      link.finish("close the registration of " + what, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(r.close_().result(), () -> {}), x -> null)
          .toCompletableFuture().get(link.settings().callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The connection is gone or the runtime timed out: either way the registration ends with it.
      LOG.debug("Closing the registration of {}: {}", what, e.toString());
    } finally {
      r.close();
    }
  }

  @Override
  public String toString() {
    return "Registration(" + what + ")";
  }
}
