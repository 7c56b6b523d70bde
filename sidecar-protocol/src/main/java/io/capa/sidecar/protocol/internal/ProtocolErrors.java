package io.capa.sidecar.protocol.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.capnp.rpc.RpcException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * INTERNAL API: how the portable API's errors cross the sidecar protocol. An RPC exception's reason
 * starts with the stable error code and a colon ({@code "ERR_OVERLOADED: ..."}); overloads also use
 * the {@code overloaded} exception type, so that generic Cap'n Proto clients can back off without
 * parsing text. Both sides use this one mapping, so a code survives the round trip unchanged.
 */
public final class ProtocolErrors {
  private ProtocolErrors() {}

  /** The RPC exception to answer a call with, for any failure of the runtime's services. */
  public static RpcException toRpc(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof RpcException r) {
      return r;
    }
    CapaException c =
        t instanceof CapaException ce
            ? ce
            : new CapaException(ErrorCode.INTERNAL, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    String reason = c.errorCode().code() + ": " + c.getMessage();
    RpcException.Kind kind =
        switch (c.errorCode()) {
          case OVERLOADED -> RpcException.Kind.OVERLOADED;
          case RUNTIME_UNAVAILABLE, ACTOR_HOST_UNAVAILABLE, SHUTTING_DOWN -> RpcException.Kind.DISCONNECTED;
          default -> RpcException.Kind.FAILED;
        };
    return new RpcException(kind, reason);
  }

  /**
   * The portable API's error for a failed RPC call. A reason without a known code keeps its text
   * under a code chosen from the exception type; a lost connection to the runtime is {@code
   * ERR_RUNTIME_UNAVAILABLE}.
   */
  public static CapaException fromRpc(Throwable failure, String context) {
    Throwable t = unwrap(failure);
    if (t instanceof CapaException c) {
      return c;
    }
    if (!(t instanceof RpcException r)) {
      return new CapaException(ErrorCode.INTERNAL, context + ": " + t, t);
    }
    String reason = r.reason() == null ? "" : r.reason();
    int colon = reason.indexOf(": ");
    if (colon > 0) {
      java.util.Optional<ErrorCode> code = ErrorCode.fromCode(reason.substring(0, colon));
      if (code.isPresent()) {
        return new CapaException(code.get(), reason.substring(colon + 2), r);
      }
    }
    ErrorCode code =
        switch (r.kind()) {
          case OVERLOADED -> ErrorCode.OVERLOADED;
          case DISCONNECTED -> ErrorCode.RUNTIME_UNAVAILABLE;
          case UNIMPLEMENTED -> ErrorCode.INVALID_REQUEST;
          default -> ErrorCode.INTERNAL;
        };
    return new CapaException(code, context + ": " + reason, r);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof CancellationException) {
      return new CapaException(ErrorCode.DEADLINE_EXCEEDED, "the call was cancelled");
    }
    return t;
  }
}
