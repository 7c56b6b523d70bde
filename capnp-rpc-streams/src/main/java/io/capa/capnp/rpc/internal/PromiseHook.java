package io.capa.capnp.rpc.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API: a capability that is not settled yet. Calls wait in order until
 * {@link #resolve} names the target, then go to it before any later call: E-order holds
 * across the resolution. Subclasses can send calls onward while unresolved (pipelining).
 */
public class PromiseHook extends Hook {
  private Hook target;
  private ArrayDeque<OutgoingCall> queue = new ArrayDeque<>();
  private boolean releasedEarly;
  /** Calls handed on while unresolved but not yet addressed (see {@link #beginDelivery}). */
  private int deliveriesInFlight;
  /** Released while deliveries were in flight: the target is dropped when the last one ends. */
  private boolean dropWhenDelivered;
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  @Override
  public void deliver(OutgoingCall call) {
    Hook t;
    synchronized (this) {
      t = target;
      if (t == null) {
        if (!deliverUnresolved(call)) {
          queue.add(call);
        }
        return;
      }
    }
    t.deliver(call);
  }

  /** Called with the lock held while unresolved; true when the call was sent on. */
  protected boolean deliverUnresolved(OutgoingCall call) {
    return false;
  }

  /** Settles the promise, taking over one reference on {@code resolution}. */
  public void resolve(Hook resolution) {
    boolean dropIt;
    synchronized (this) {
      if (target != null) {
        dropIt = true;
      } else {
        target = resolution;
        ArrayDeque<OutgoingCall> q = queue;
        queue = null;
        // Delivered under the lock: a concurrent caller sees the target only after the calls
        // that waited have gone ahead of it.
        for (OutgoingCall c : q) {
          resolution.deliver(c);
        }
        dropIt = releasedEarly && deliveriesInFlight == 0;
        dropWhenDelivered = releasedEarly && deliveriesInFlight > 0;
      }
    }
    if (dropIt) {
      resolution.release();
    }
    resolution.whenResolved().whenComplete((v, e) -> settled.complete(null));
  }

  /**
   * A call was handed on (to a connection's loop) while unresolved, and will be addressed later,
   * possibly to the target once resolved: the target must outlive it even if this promise is
   * released meanwhile. Called with the lock held; {@link #endDelivery} follows once it is sent.
   */
  protected final void beginDelivery() {
    deliveriesInFlight++;
  }

  protected final void endDelivery() {
    Hook drop = null;
    synchronized (this) {
      deliveriesInFlight--;
      if (deliveriesInFlight == 0 && dropWhenDelivered) {
        dropWhenDelivered = false;
        drop = target;
      }
    }
    if (drop != null) {
      drop.release();
    }
  }

  /** The calls waiting so far, handed over (with the lock held by the caller). */
  protected final synchronized ArrayDeque<OutgoingCall> takeQueue() {
    ArrayDeque<OutgoingCall> q = queue == null ? new ArrayDeque<>() : queue;
    if (queue != null) {
      queue = new ArrayDeque<>();
    }
    return q;
  }

  protected final synchronized Hook target() {
    return target;
  }

  @Override
  protected void released() {
    Hook t;
    synchronized (this) {
      t = target;
      if (t == null) {
        // Queued calls still need their answers; the target is dropped once they are delivered.
        releasedEarly = true;
        return;
      }
      if (deliveriesInFlight > 0) {
        dropWhenDelivered = true;
        return;
      }
    }
    t.release();
  }

  @Override
  public Hook resolved() {
    Hook t = target();
    return t == null ? this : t.resolved();
  }

  @Override
  public boolean isPromise() {
    Hook t = target();
    return t == null || t.isPromise();
  }

  @Override
  public CompletionStage<Void> whenResolved() {
    return settled;
  }

  @Override
  public String toString() {
    Hook t = target();
    return t == null ? "promise" : "resolved(" + t + ")";
  }
}
