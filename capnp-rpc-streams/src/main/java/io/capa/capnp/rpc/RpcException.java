package io.capa.capnp.rpc;

import java.util.Objects;

/**
 * A failed call, with one of the four kinds the protocol carries. The kind tells the caller
 * what to do next: retry later ({@link Kind#OVERLOADED}), reconnect
 * ({@link Kind#DISCONNECTED}), give up on the method ({@link Kind#UNIMPLEMENTED}) or treat
 * it as a bug or a refusal ({@link Kind#FAILED}).
 */
public final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    FAILED, OVERLOADED, DISCONNECTED, UNIMPLEMENTED
  }

  private final Kind kind;
  private final String reason;

  public RpcException(Kind kind, String reason) {
    this(kind, reason, null);
  }

  public RpcException(Kind kind, String reason, Throwable cause) {
    super(Objects.requireNonNull(kind, "kind").name().toLowerCase(java.util.Locale.ROOT) + ": " + reason, cause,
        false, false);
    this.kind = kind;
    this.reason = reason == null ? "" : reason;
  }

  public static RpcException failed(String reason) {
    return new RpcException(Kind.FAILED, reason);
  }

  public static RpcException overloaded(String reason) {
    return new RpcException(Kind.OVERLOADED, reason);
  }

  public static RpcException disconnected(String reason) {
    return new RpcException(Kind.DISCONNECTED, reason);
  }

  public static RpcException unimplemented(String reason) {
    return new RpcException(Kind.UNIMPLEMENTED, reason);
  }

  /**
   * The exception a server's failure becomes on the wire: an RpcException keeps its kind,
   * anything else is {@link Kind#FAILED} with the throwable's class and message as reason.
   */
  public static RpcException from(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.CompletionException
        || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof RpcException r) {
      return r;
    }
    String m = c.getMessage();
    return new RpcException(Kind.FAILED, c.getClass().getName() + (m == null ? "" : ": " + m), c);
  }

  public Kind kind() {
    return kind;
  }

  /** The reason as the peer wrote it (without the kind prefix of {@link #getMessage()}). */
  public String reason() {
    return reason;
  }
}
