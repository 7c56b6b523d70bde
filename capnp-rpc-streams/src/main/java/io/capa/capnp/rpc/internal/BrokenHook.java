package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.RpcException;

/** INTERNAL API: a capability whose every call fails with one exception. */
public final class BrokenHook extends Hook {
  private final RpcException error;

  public BrokenHook(RpcException error) {
    this.error = error;
  }

  public RpcException error() {
    return error;
  }

  @Override
  protected void released() {
  }

  @Override
  public void deliver(OutgoingCall call) {
    call.fail(error);
  }

  @Override
  public String toString() {
    return "broken(" + error.getMessage() + ")";
  }
}
