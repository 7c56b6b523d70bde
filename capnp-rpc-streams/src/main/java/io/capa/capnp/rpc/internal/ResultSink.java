package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.wire.PointerBuilder;

/** Where a local server writes its results: a standalone message, or straight into a Return. */
interface ResultSink {
  PointerBuilder resultsPointer();

  void complete();

  void fail(RpcException error);
}
