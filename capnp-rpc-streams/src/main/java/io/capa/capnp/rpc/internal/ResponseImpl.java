package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.wire.PointerKind;
import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructReader;
import java.util.concurrent.atomic.AtomicBoolean;

/** INTERNAL API: results of a call, over the message they arrived in or were built in. */
final class ResponseImpl implements Response {
  private final PointerReader content;
  private final CapList caps;
  private final AtomicBoolean closed = new AtomicBoolean();

  ResponseImpl(PointerReader content, CapList caps) {
    this.content = content;
    this.caps = caps.releaseWhenUnreachable();
  }

  @Override
  public StructReader results() {
    return content.getStruct(StructReader.empty());
  }

  @Override
  public PointerReader resultsPointer() {
    return content;
  }

  CapList caps() {
    return caps;
  }

  boolean isClosed() {
    return closed.get();
  }

  /**
   * The capability at {@code path} (pointer indexes, struct by struct), retained for the
   * caller; a broken hook when the path leads nowhere.
   */
  Hook capabilityAt(int[] path) {
    try {
      PointerReader p = content;
      for (int index : path) {
        StructReader s = p.isNull() ? null : p.getStruct(null);
        if (s == null) {
          return new BrokenHook(RpcException.failed("pipelined on a null pointer"));
        }
        p = s.getPointer(index);
      }
      if (p.isNull()) {
        return new BrokenHook(RpcException.failed("called a null capability"));
      }
      if (p.kind() != PointerKind.CAPABILITY) {
        return new BrokenHook(RpcException.failed("pipelined on a field that is not a capability"));
      }
      Hook h = caps.hook(p.capabilityIndex());
      if (h == null) {
        return new BrokenHook(RpcException.failed("capability index " + p.capabilityIndex()
            + " is not in the message's capability table"));
      }
      return h.retain();
    } catch (RuntimeException e) {
      return new BrokenHook(RpcException.failed("invalid pipeline path: " + e.getMessage()));
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      caps.releaseAll();
    }
  }
}
