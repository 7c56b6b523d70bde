package io.capa.capnp.rpc;

import io.capa.capnp.wire.PointerBuilder;
import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructBuilder;
import io.capa.capnp.wire.StructReader;
import java.util.concurrent.CompletionStage;

/**
 * One call as a {@link Server} sees it: the parameters, a place to write the results, and
 * the caller's cancellation.
 *
 * <p>Capabilities read from the parameters ({@code PointerReader.getCapability()} returns a
 * {@link Capability}) are borrowed: they stay valid until the call completes. Keep one
 * longer with {@link Capability#dup()}.
 */
public interface CallContext {
  long interfaceId();

  int methodId();

  /** The parameter struct (an empty struct when the caller sent none). */
  StructReader params();

  PointerReader paramsPointer();

  /** Starts the result struct; call at most once. Results that are never started read as all defaults. */
  StructBuilder initResults(int dataWords, int pointerCount);

  PointerBuilder resultsPointer();

  /** Frees the parameter message before the call completes (for long-running calls). */
  void releaseParams();

  /** Completes when the caller cancels the call (the protocol's Finish before Return). */
  CompletionStage<Void> whenCanceled();

  boolean isCanceled();
}
