package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RemotePromise;
import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.RpcException;
import java.util.concurrent.CompletionStage;

final class RemotePromiseImpl implements RemotePromise {
  private final CallState state;

  RemotePromiseImpl(CallState state) {
    this.state = state;
  }

  @Override
  public CompletionStage<Response> response() {
    return state.future;
  }

  @Override
  public Capability pipeline(int... pointerPath) {
    return Capability.owning(state.pipeline(pointerPath));
  }

  @Override
  public void cancel() {
    if (state.isDone()) {
      return;
    }
    // The caller's answer fails first: a local server that finishes as soon as it sees the
    // cancellation must not turn it into a success.
    state.fail(RpcException.failed("call canceled by the caller"));
    state.canceled.complete(null);
    ConnectionState.Question q = state.question();
    if (q != null) {
      q.connection().execute(() -> q.connection().cancelQuestion(q));
    }
  }
}
