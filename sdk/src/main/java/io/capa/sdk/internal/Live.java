package io.capa.sdk.internal;

import io.capa.capnp.rpc.RpcConnection;
import io.capa.sdk.api.Mode;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * INTERNAL API: one negotiated connection to the runtime. Its {@code runtime} handle is shared by
 * every call made while it is current and is never closed while the connection lives, so a call
 * racing with a disconnect fails as "disconnected" rather than on a closed handle.
 *
 * @param answeredMode null when the runtime answered a mode this SDK does not know
 */
record Live(
    long generation,
    RpcConnection connection,
    RuntimeProtocol.Runtime.Client runtime,
    Negotiation.Offer offer,
    Mode answeredMode,
    AtomicBoolean dead) {

  boolean isDead() {
    return dead.get();
  }

  void close() {
    connection.close();
  }
}
