package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.capnp.rpc.Result;
import io.capa.sdk.api.ModeDecision;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.ProtocolErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the client's connection to the runtime over time. It holds the current negotiated
 * connection, if any; when that connection ends it reconnects in the background with capped
 * exponential backoff, negotiates again and registers again everything the application registered
 * before it counts as connected. Calls made while disconnected fail at once with {@code
 * ERR_RUNTIME_UNAVAILABLE}; calls in flight when the connection drops fail the same way.
 *
 * <p>One reconnection chain runs at a time: every attempt ends either in a failure, which schedules
 * the next attempt, or in a connection, whose end schedules it.
 */
public final class RuntimeLink {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeLink.class);
  /** How often awaitConnected looks again while a dead connection is being replaced (briefly). */
  private static final long DYING_POLL_MILLIS = 10;

  private final ClientSettings settings;
  private final Handshake handshake;
  private final ScheduledExecutorService scheduler;
  private final Executor callbacks;
  private final Object lock = new Object();
  private final Set<Registered<?>> registrations = ConcurrentHashMap.newKeySet();
  private final AtomicLong generations = new AtomicLong();

  // Guarded by lock.
  private Live live;
  private CompletableFuture<Void> connectedSignal = new CompletableFuture<>();
  private String lastFailure = "not connected yet";
  private boolean closed;
  private ModeDecision decision;

  /** Touched only by the reconnection chain, one step at a time. */
  private int failures;
  private String lastLoggedFailure;

  RuntimeLink(ClientSettings settings, Handshake handshake, ScheduledExecutorService scheduler, Executor callbacks) {
    this.settings = settings;
    this.handshake = handshake;
    this.scheduler = scheduler;
    this.callbacks = callbacks;
  }

  long nextGeneration() {
    return generations.incrementAndGet();
  }

  /**
   * Starts with the connection of the first handshake (null: unreachable, reconnect in the
   * background). With a connection, returns once it is the current one, so that a client is
   * connected when its build returns.
   */
  void start(Live first, ModeDecision decided, String failure) {
    synchronized (lock) {
      decision = decided;
      if (first == null) {
        lastFailure = failure;
      }
    }
    if (first == null) {
      scheduleReconnect();
      return;
    }
    watch(first);
    // Nothing is registered yet, so installing it takes no call to the runtime.
    install(first).join();
  }

  boolean connected() {
    synchronized (lock) {
      return live != null && !live.isDead();
    }
  }

  boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    while (true) {
      CompletableFuture<Void> signal;
      boolean dying;
      synchronized (lock) {
        if (live != null && !live.isDead()) {
          return true;
        }
        // A dead connection that is still current is being replaced: its signal is the old one.
        dying = live != null;
        signal = connectedSignal;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        if (dying) {
          Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, DYING_POLL_MILLIS));
        } else {
          signal.get(left, TimeUnit.NANOSECONDS);
        }
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        return false;
      }
    }
  }

  /** The runtime handle of the current connection, or the reason there is none. */
  RuntimeProtocol.Runtime.Client runtime() {
    return current().runtime();
  }

  /** The current connection, or the reason there is none. */
  private Live current() {
    synchronized (lock) {
      if (closed) {
        throw new CapaException(ErrorCode.RUNTIME_UNAVAILABLE, "the Capa client is closed");
      }
      if (live == null) {
        throw new CapaException(ErrorCode.RUNTIME_UNAVAILABLE, "not connected to the runtime at "
            + settings.endpoint() + " (" + lastFailure + "); reconnecting in the background");
      }
      return live;
    }
  }

  /**
   * Makes a call on the current connection and reads its answer on the connection's thread (the
   * response is closed right after); the returned stage completes on the callback executor. Fails
   * with {@code ERR_RUNTIME_UNAVAILABLE} at once when disconnected, and with {@code
   * ERR_DEADLINE_EXCEEDED} when no answer came within {@code timeout} (the call is then cancelled).
   */
  <R, T> CompletionStage<T> call(
      String what,
      Duration timeout,
      Function<RuntimeProtocol.Runtime.Client, Pending<R>> send,
      Function<R, T> read) {
    Pending<R> pending;
    Live l;
    try {
      l = current();
      pending = send.apply(l.runtime());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IllegalStateException e) {
      // The runtime handle was closed by a concurrent close() of the client.
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.RUNTIME_UNAVAILABLE,
          what + ": the Capa client is closed", e));
    }
    return finish(what, timeout, pending, read, l);
  }

  /** As {@link #call}, for a call already sent (on a turn or a pipelined capability). */
  <R, T> CompletionStage<T> finish(String what, Duration timeout, Pending<R> pending, Function<R, T> read) {
    return finish(what, timeout, pending, read, null);
  }

  private <R, T> CompletionStage<T> finish(
      String what, Duration timeout, Pending<R> pending, Function<R, T> read, Live sentOn) {
    CompletableFuture<T> out = new CompletableFuture<>();
    pending.result().whenComplete((res, err) -> {
      if (err != null) {
        if (sentOn != null && connectionLost(err)) {
          // The connection fails its calls before it reports itself closed: marked dead here, a
          // caller that saw this failure does not find the client still connected.
          sentOn.dead().set(true);
        }
        out.completeExceptionally(ProtocolErrors.fromRpc(err, what));
        return;
      }
      try (res) {
        out.complete(read.apply(res.value()));
      } catch (RuntimeException e) {
        out.completeExceptionally(new CapaException(ErrorCode.INTERNAL, what + ": unreadable answer from the runtime: "
            + e.getMessage(), e));
      }
    });
    ScheduledFuture<?> timer = scheduler.schedule(() -> {
      if (out.completeExceptionally(new CapaException(ErrorCode.DEADLINE_EXCEEDED, what
          + ": no answer from the runtime within " + timeout.toMillis() + " ms"))) {
        pending.cancel().run();
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    // Hops off the connection's thread (or the timer's) before any application callback runs.
    return out.whenCompleteAsync((v, e) -> timer.cancel(false), callbacks);
  }

  /**
   * True for the failure of a call whose connection ended. The runtime's own "try later" answers
   * use the same exception kind but always start with an error code ("ERR_ACTOR_HOST_UNAVAILABLE:
   * ..."); the transport's own reasons never do.
   */
  static boolean connectionLost(Throwable failure) {
    return Handshake.unwrap(failure) instanceof io.capa.capnp.rpc.RpcException r
        && r.kind() == io.capa.capnp.rpc.RpcException.Kind.DISCONNECTED
        && !r.reason().startsWith("ERR_");
  }

  /** A sent call: its typed result and how to cancel it. */
  record Pending<R>(CompletionStage<Result<R>> result, Runnable cancel) {}

  // ---- registrations

  /**
   * Adds a registration and, when connected, registers it now; the stage completes when the
   * runtime accepted it (or at once when disconnected: it is registered on the next connection).
   */
  CompletionStage<Void> add(Registered<?> r) {
    Live current;
    synchronized (lock) {
      if (closed) {
        throw new CapaException(ErrorCode.RUNTIME_UNAVAILABLE, "the Capa client is closed");
      }
      registrations.add(r);
      current = live;
    }
    if (current == null) {
      return CompletableFuture.completedFuture(null);
    }
    return r.register(current, false);
  }

  void remove(Registered<?> r) {
    registrations.remove(r);
  }

  // ---- connection lifecycle

  private void watch(Live l) {
    // Marked dead on the closing thread, so that connected() turns false with the connection; the
    // rest (logging, reconnecting) runs on the scheduler.
    l.connection().whenClosed().whenComplete((d, e) -> l.dead().set(true))
        .whenCompleteAsync((d, e) -> onClosed(l), scheduler);
  }

  /**
   * Registers everything again on a fresh connection, then makes it the current one. The stage
   * completes once that is done (or the connection ended first).
   */
  private CompletableFuture<Void> install(Live l) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Registered<?> r : registrations) {
      all.add(r.register(l, true).toCompletableFuture().exceptionally(e -> null));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, e) -> {
      CompletableFuture<Void> signal;
      synchronized (lock) {
        if (closed) {
          l.close();
          return;
        }
        if (l.isDead()) {
          return;
        }
        live = l;
        signal = connectedSignal;
        // Registrations added while the others were being registered.
        for (Registered<?> r : registrations) {
          r.register(l, true);
        }
      }
      if (l.answeredMode() != decision.mode()) {
        LOG.info("Connected to the runtime at {}; it now answers mode {} ({}), the client keeps {} decided at start",
            settings.endpoint(), l.answeredMode(), l.offer().reason(), decision.mode());
      } else {
        LOG.info("Connected to the runtime at {} (runtime {}, mode {})", settings.endpoint(),
            l.offer().runtimeVersion(), l.offer().runtimeMode());
      }
      signal.complete(null);
      keepalive(l);
    }, scheduler).exceptionally(e -> null);
  }

  /**
   * Pings the runtime on {@code l} every keepalive interval while it lives; a ping without an answer
   * in time closes the connection, which fails the calls in flight and starts reconnection. A
   * runtime that does not implement ping, or a ping that fails otherwise, proves it is alive.
   */
  private void keepalive(Live l) {
    Duration interval = settings.keepaliveInterval();
    scheduler.schedule(() -> {
      if (l.isDead()) {
        return;
      }
      RuntimeProtocol.Runtime.PingResults.Promise ping;
      try {
        ping = l.runtime().ping();
      } catch (RuntimeException e) {
        return;
      }
      ping.result().toCompletableFuture()
          .orTimeout(settings.keepaliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .whenCompleteAsync((r, e) -> {
            if (r != null) {
              r.close();
            }
            if (Handshake.unwrap(e) instanceof java.util.concurrent.TimeoutException && !l.isDead()) {
              LOG.warn("The runtime at {} did not answer a ping within {} ms; closing the connection",
                  settings.endpoint(), settings.keepaliveTimeout().toMillis());
              ping.cancel();
              l.close();
              return;
            }
            keepalive(l);
          }, scheduler);
    }, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void onClosed(Live l) {
    l.dead().set(true);
    boolean wasCurrent;
    synchronized (lock) {
      wasCurrent = live == l;
      if (wasCurrent) {
        live = null;
        connectedSignal = new CompletableFuture<>();
        lastFailure = "the connection to the runtime was lost";
      }
      if (closed) {
        return;
      }
    }
    for (Registered<?> r : registrations) {
      r.connectionLost(l);
    }
    if (wasCurrent) {
      LOG.warn("Lost the connection to the runtime at {}; calls fail with {} until it is back, reconnecting",
          settings.endpoint(), ErrorCode.RUNTIME_UNAVAILABLE.code());
    }
    failures = 0;
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    Duration delay = settings.backoff().delay(failures);
    scheduler.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void reconnect() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    handshake.run(nextGeneration()).whenCompleteAsync((l, e) -> {
      if (e != null) {
        failures++;
        String why = Handshake.describe(e);
        synchronized (lock) {
          if (live == null) {
            lastFailure = why;
          }
        }
        if (!why.equals(lastLoggedFailure)) {
          // Once per distinct reason, not once per attempt: a runtime that is down for an hour
          // would otherwise fill the log.
          lastLoggedFailure = why;
          if (Handshake.unwrap(e) instanceof Handshake.Unreachable) {
            LOG.info("Runtime at {} not reachable yet ({}); retrying with backoff up to {} ms", settings.endpoint(),
                why, settings.backoff().max().toMillis());
          } else {
            LOG.warn("Runtime at {} refused the connection ({}); retrying with backoff", settings.endpoint(), why);
          }
        }
        scheduleReconnect();
        return;
      }
      synchronized (lock) {
        if (closed) {
          l.close();
          return;
        }
      }
      failures = 0;
      lastLoggedFailure = null;
      watch(l);
      install(l);
    }, scheduler);
  }

  /** Stops reconnecting and closes the current connection; calls fail from now on. */
  void close() {
    Live l;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      l = live;
      live = null;
      lastFailure = "the Capa client is closed";
    }
    for (Registered<?> r : registrations) {
      r.clientClosed();
    }
    registrations.clear();
    if (l != null) {
      l.close();
    }
  }

  /** Where application callbacks run, never the connection's thread. */
  Executor callbacks() {
    return callbacks;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ClientSettings settings() {
    return settings;
  }
}
