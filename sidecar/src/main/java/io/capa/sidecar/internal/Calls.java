package io.capa.sidecar.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.sidecar.protocol.internal.ProtocolErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** INTERNAL API: helpers for answering RPC calls from the runtime's services. */
final class Calls {
  private Calls() {}

  /** The stage to return from a server method: failures become RPC exceptions with error codes. */
  static CompletionStage<?> answer(CompletionStage<?> stage) {
    CompletableFuture<Object> out = new CompletableFuture<>();
    stage.whenComplete((v, e) -> {
      if (e != null) {
        out.completeExceptionally(toRpc(e));
      } else {
        out.complete(v);
      }
    });
    return out;
  }

  /** Runs {@code body}, turning what it throws (bad arguments, for instance) into a failed stage. */
  static CompletionStage<?> guarded(Supplier<CompletionStage<?>> body) {
    try {
      return answer(body.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(toRpc(e));
    }
  }

  /**
   * The RPC exception for a failure. The portable API's records reject bad arguments (a blank actor
   * type, a key that is empty) with {@link IllegalArgumentException}: that is the caller's mistake,
   * {@code ERR_INVALID_REQUEST}, not an internal error of the runtime.
   */
  static io.capa.capnp.rpc.RpcException toRpc(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof IllegalArgumentException bad) {
      return ProtocolErrors.toRpc(new CapaException(ErrorCode.INVALID_REQUEST, bad.getMessage(), bad));
    }
    return ProtocolErrors.toRpc(failure);
  }

  /** A call to an application: its answer converted, its failure read back as the portable API's. */
  static <R, T> CompletionStage<T> mapped(CompletionStage<R> call, java.util.function.Function<R, T> convert, String who) {
    CompletableFuture<T> out = new CompletableFuture<>();
    call.whenComplete((r, e) -> {
      if (e != null) {
        out.completeExceptionally(ProtocolErrors.fromRpc(e, who));
        return;
      }
      try {
        out.complete(convert.apply(r));
      } catch (RuntimeException ex) {
        // The application's answer broke the contract (a status outside HTTP's range, say): its
        // fault, not the caller's, and named so.
        out.completeExceptionally(new CapaException(ErrorCode.DIRECT_INVOKE,
            who + " answered with an invalid response: " + ex.getMessage(), ex));
      }
    });
    return out;
  }
}
