package io.capa.capnp.rpc;

import java.util.concurrent.CompletionStage;

/** The answer of a call that has been sent: await it, pipeline on it, or cancel it. */
public interface RemotePromise {
  /**
   * Completes with the results, or exceptionally with an {@link RpcException}. Dependent
   * actions without an executor run on the connection's thread: keep them short.
   */
  CompletionStage<Response> response();

  /**
   * The capability the results will hold at this path of pointer fields (indexes of
   * pointer slots, struct by struct), usable now: calls on it travel to the callee before
   * the results exist (promise pipelining). The caller owns it and closes it.
   */
  Capability pipeline(int... pointerPath);

  /** Cancels the call if it has not returned; the callee sees the cancellation. */
  void cancel();
}
