package io.capa.capnp.rpc;

import java.util.concurrent.CompletionStage;

/**
 * An object that answers calls: the implementation behind a {@link Capability}. Generated
 * server skeletons implement this and route each call to a typed method.
 *
 * <p>Calls to one server are delivered one at a time, in the order each caller made them
 * (a server behaves like an actor: its state needs no lock). Delivery runs on the thread of
 * the connection the call came in on, so {@code dispatch} must not block; it returns a stage
 * instead, and the next call may be delivered before that stage completes.
 */
@FunctionalInterface
public interface Server {
  /**
   * Handles one call. Complete the returned stage when the results are written (or
   * exceptionally to answer with an exception; {@link RpcException} keeps its kind). A
   * synchronous throw counts as an exceptional completion.
   */
  CompletionStage<?> dispatch(CallContext call);

  /**
   * The last reference to this server was dropped: every capability pointing at it was
   * closed, released by the peer, or lost with its connection. Runs once.
   */
  default void released() {
  }
}
