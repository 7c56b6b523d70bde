package io.capa.capnp.rpc;

import io.capa.capnp.rpc.internal.CapList;
import io.capa.capnp.wire.StructReader;

/** Helpers for messages that came through RPC. */
public final class RpcMessages {
  private RpcMessages() {
  }

  /**
   * Releases the capabilities of the message {@code struct} belongs to (the ones nobody
   * kept with {@link Capability#dup()}), as {@link Response#close()} does. Reading the
   * message's capabilities afterwards yields null.
   */
  public static void release(StructReader struct) {
    if (struct.message() != null && struct.message().capTable() instanceof CapList caps) {
      caps.releaseAll();
    }
  }
}
