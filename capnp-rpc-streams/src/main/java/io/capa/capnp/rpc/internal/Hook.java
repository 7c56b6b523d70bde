package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.Request;
import io.capa.capnp.rpc.RpcException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * INTERNAL API: what a {@link io.capa.capnp.rpc.Capability} points at. Subclasses are a local
 * server, an import from a connection, a promise (pipelined answer, embargo, resolving
 * import), or a broken reference. Each hook counts the references held on it; the last
 * release frees what it stands for.
 */
public abstract class Hook {
  private final AtomicInteger refs = new AtomicInteger(1);
  private FlowWindow window;

  public final Hook retain() {
    if (!tryRetain()) {
      throw new IllegalStateException("capability already released: " + this);
    }
    return this;
  }

  /** Adds a reference unless the count already reached zero. */
  public final boolean tryRetain() {
    for (;;) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public final void release() {
    int n = refs.decrementAndGet();
    if (n == 0) {
      released();
    } else if (n < 0) {
      refs.incrementAndGet();
      throw new IllegalStateException("capability released more often than retained: " + this);
    }
  }

  public final int refCount() {
    return refs.get();
  }

  /** The last reference went. */
  protected abstract void released();

  /** Routes a call toward its target. Calls delivered by one thread keep their order. */
  public abstract void deliver(OutgoingCall call);

  /**
   * Starts a call whose parameters are built where this hook will send them: in that
   * connection's Call message when the hook already sends over one (a pipelined answer
   * whose question is out), else in a message of their own.
   */
  public Request newCall(long interfaceId, int methodId) {
    return new RequestImpl(this, interfaceId, methodId, connection());
  }

  /** The hook calls end up at now: this one, or what a resolved promise points at. */
  public Hook resolved() {
    return this;
  }

  /** Whether this is an unresolved promise. */
  public boolean isPromise() {
    return false;
  }

  public CompletionStage<Void> whenResolved() {
    return CompletableFuture.completedFuture(null);
  }

  /** The connection this hook sends calls over, or null when calls stay in this process. */
  public ConnectionState connection() {
    return null;
  }

  /** The window of a stream of calls made through this hook. */
  final synchronized FlowWindow window(long windowBytes) {
    if (window == null) {
      window = new FlowWindow(windowBytes);
    }
    return window;
  }

  /** Completes when every stream call made through this hook has returned. */
  public final CompletionStage<Void> whenStreamDrained() {
    FlowWindow w;
    synchronized (this) {
      w = window;
    }
    return w == null ? CompletableFuture.completedFuture(null) : w.whenDrained();
  }

  static RpcException released(String what) {
    return RpcException.failed(what + " was used after its last reference was released");
  }
}
