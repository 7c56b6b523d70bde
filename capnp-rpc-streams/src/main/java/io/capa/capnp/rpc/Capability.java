package io.capa.capnp.rpc;

import io.capa.capnp.rpc.internal.BrokenHook;
import io.capa.capnp.rpc.internal.Hook;
import io.capa.capnp.rpc.internal.LocalHook;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reference to an object that answers calls: a local {@link Server}, an object across a
 * connection, or a promise of either. References are counted: each handle is one reference,
 * {@link #dup()} makes another, {@link #close()} drops it, and the object (or the peer's
 * export) is released when the last one goes. A handle that becomes unreachable without
 * being closed is released by the garbage collector, later.
 *
 * <p>Putting a handle into a message ({@code PointerBuilder.setCapability}, or a generated
 * setter) moves its reference into the message and closes the handle, as a move would; pass
 * {@link #dup()} to keep using it.
 *
 * <p>Handles read out of a message ({@code PointerReader.getCapability()}) are borrowed from
 * that message: closing them does nothing, and they are valid while the message is
 * ({@link Response#close()}, or the end of a call for parameters).
 */
public final class Capability implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Hook hook;
  private final boolean borrowed;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean transferred = new AtomicBoolean();
  private final Cleaner.Cleanable cleanable;

  private Capability(Hook hook, boolean borrowed) {
    this.hook = Objects.requireNonNull(hook, "hook");
    this.borrowed = borrowed;
    this.cleanable = borrowed ? null : CLEANER.register(this, new Releaser(hook, closed, transferred));
  }

  /** A capability served by {@code server} in this process. */
  public static Capability of(Server server) {
    return new Capability(new LocalHook(server), false);
  }

  /** A capability whose every call fails with {@code error}. */
  public static Capability broken(RpcException error) {
    return new Capability(new BrokenHook(error), false);
  }

  /**
   * INTERNAL API: a new handle over {@code hook}, taking over one reference the caller
   * already holds.
   */
  public static Capability owning(Hook hook) {
    return new Capability(hook, false);
  }

  /** INTERNAL API: a handle that does not own a reference (see the class comment). */
  public static Capability borrowing(Hook hook) {
    return new Capability(hook, true);
  }

  /** INTERNAL API: the object behind the handle. */
  public Hook hook() {
    return hook;
  }

  /** Starts a call of method {@code methodId} of interface {@code interfaceId}. */
  public Request newCall(long interfaceId, int methodId) {
    checkOpen();
    return hook.newCall(interfaceId, methodId);
  }

  /**
   * INTERNAL API: the reference this handle holds, for a message's capability table. An
   * owning handle gives its reference away and is closed; a borrowed one adds a reference.
   */
  public Hook takeReference() {
    if (borrowed) {
      return hook.retain();
    }
    if (!closed.compareAndSet(false, true)) {
      throw new IllegalStateException("capability handle is closed");
    }
    transferred.set(true);
    cleanable.clean();
    return hook;
  }

  /** Another, independent reference to the same object. */
  public Capability dup() {
    checkOpen();
    return new Capability(hook.retain(), false);
  }

  /** Completes when this is no longer a promise (immediately for a settled capability). */
  public CompletionStage<Void> whenResolved() {
    return hook.whenResolved();
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (!borrowed && closed.compareAndSet(false, true)) {
      cleanable.clean();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("capability handle is closed");
    }
  }

  @Override
  public String toString() {
    return "Capability(" + hook + (borrowed ? ", borrowed" : "") + ")";
  }

  private record Releaser(Hook hook, AtomicBoolean closed, AtomicBoolean transferred) implements Runnable {
    @Override
    public void run() {
      closed.set(true);
      if (!transferred.get()) {
        hook.release();
      }
    }
  }
}
