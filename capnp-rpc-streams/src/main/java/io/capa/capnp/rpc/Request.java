package io.capa.capnp.rpc;

import io.capa.capnp.wire.PointerBuilder;
import io.capa.capnp.wire.StructBuilder;
import java.util.concurrent.CompletionStage;

/**
 * A call being prepared: fill the parameters, then {@link #send()} it once. When the target
 * lives across a connection, the parameters are written straight into the outgoing RPC
 * message, so sending copies nothing.
 */
public interface Request {
  StructBuilder initParams(int dataWords, int pointerCount);

  PointerBuilder paramsPointer();

  /** Sends the call. The returned promise can be awaited and pipelined on at once. */
  RemotePromise send();

  /**
   * Sends the call as part of a stream ({@code -> stream} methods). The stage completes as
   * soon as the connection's flow-control window has room for another call, not when this
   * call returns: a caller that waits on it before sending the next call is paced by the
   * receiver. A failure of any earlier call of the stream fails a later stage.
   */
  CompletionStage<Void> sendStreaming();
}
