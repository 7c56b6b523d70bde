package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.Capability;
import io.capa.capnp.wire.CapTable;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API: the capability table of one message. It holds one reference on each hook
 * (null for a null capability); {@link #releaseAll()} gives them back. Handles read from it
 * are borrowed.
 */
public final class CapList implements CapTable {
  private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

  private final List<Hook> hooks;
  private boolean released;
  private java.lang.ref.Cleaner.Cleanable cleanable;

  public CapList() {
    this.hooks = new ArrayList<>(2);
  }

  CapList(List<Hook> hooks) {
    this.hooks = hooks;
  }

  /**
   * Releases the references when the table becomes unreachable. Readers of a message keep
   * its table reachable, so borrowed capabilities stay valid while anything can read them.
   */
  CapList releaseWhenUnreachable() {
    List<Hook> held = hooks;
    boolean[] done = {false};
    cleanable = CLEANER.register(this, () -> {
      synchronized (done) {
        if (done[0]) {
          return;
        }
        done[0] = true;
      }
      for (Hook h : new ArrayList<>(held)) {
        if (h != null) {
          h.release();
        }
      }
    });
    return this;
  }

  @Override
  public synchronized Object get(int index) {
    if (released || index < 0 || index >= hooks.size()) {
      return null;
    }
    Hook h = hooks.get(index);
    return h == null ? null : Capability.borrowing(h);
  }

  /** The hook at {@code index} (not retained), or null. */
  synchronized Hook hook(int index) {
    return released || index < 0 || index >= hooks.size() ? null : hooks.get(index);
  }

  @Override
  public synchronized int add(Object capability) {
    if (!(capability instanceof Capability c)) {
      throw new IllegalArgumentException("not a capability: " + capability);
    }
    hooks.add(c.takeReference());
    return hooks.size() - 1;
  }

  synchronized int addHook(Hook retained) {
    hooks.add(retained);
    return hooks.size() - 1;
  }

  synchronized int size() {
    return hooks.size();
  }

  synchronized boolean isEmpty() {
    return hooks.isEmpty();
  }

  public void releaseAll() {
    List<Hook> copy;
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
      if (cleanable != null) {
        // The cleaning action releases exactly once, whoever runs it first.
        cleanable.clean();
        return;
      }
      copy = new ArrayList<>(hooks);
    }
    for (Hook h : copy) {
      if (h != null) {
        h.release();
      }
    }
  }
}
