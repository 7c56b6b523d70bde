package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.wire.PointerReader;

/**
 * INTERNAL API: a call on its way to a target. Its parameters are in a message built here
 * (an RPC Call message when the target was known to be across a connection) or in a message
 * that arrived from a peer. {@link #state} receives the answer, unless a local
 * server writes straight into {@link #sink}.
 */
public final class OutgoingCall {
  final long interfaceId;
  final int methodId;
  /** The Call message holding the parameters when they were built for {@link #builtFor}. */
  final ConnectionState.CallMessage callMessage;
  /** The connection {@link #callMessage} was built for, or null. */
  final ConnectionState builtFor;
  final PointerReader params;
  final CapList caps;
  final CallState state;
  /** Set for a call that arrived from a peer and is answered by a local server in place. */
  ResultSink sink;
  /** Bytes this call counts for in a stream's flow-control window (0 when not streaming). */
  long streamBytes;
  FlowWindow window;
  /** Runs when the call has been answered, to free what the parameters held. */
  Runnable onParamsReleased;

  OutgoingCall(long interfaceId, int methodId, ConnectionState.CallMessage callMessage, ConnectionState builtFor,
      PointerReader params, CapList caps, CallState state) {
    this.interfaceId = interfaceId;
    this.methodId = methodId;
    this.callMessage = callMessage;
    this.builtFor = builtFor;
    this.params = params;
    this.caps = caps;
    this.state = state;
  }

  void fail(RpcException error) {
    releaseParams();
    if (sink != null) {
      sink.fail(error);
    } else {
      state.fail(error);
    }
  }

  void releaseParams() {
    caps.releaseAll();
    Runnable r = onParamsReleased;
    onParamsReleased = null;
    if (r != null) {
      r.run();
    }
  }
}
