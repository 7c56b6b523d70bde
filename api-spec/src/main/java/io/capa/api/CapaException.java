package io.capa.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The one exception type of the portable API. Callers branch on {@link #errorCode()}, which is stable,
 * rather than on subclasses: an error crosses process and language boundaries (HTTP, RPC, cluster
 * messages) as a code and a message, so a class hierarchy would not survive the trip anyway.
 *
 * <p>When an actor method throws, the error reaches the caller with code {@link
 * ErrorCode#ACTOR_METHOD_FAILED}, and {@link #remoteType()} names the class the actor code threw.
 */
public final class CapaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;
  private final String remoteType;

  public CapaException(ErrorCode errorCode, String message) {
    this(errorCode, message, null, null);
  }

  public CapaException(ErrorCode errorCode, String message, Throwable cause) {
    this(errorCode, message, null, cause);
  }

  public CapaException(ErrorCode errorCode, String message, String remoteType, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    this.remoteType = remoteType;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The class name of the exception thrown by actor code, when this error carries one. */
  public Optional<String> remoteType() {
    return Optional.ofNullable(remoteType);
  }

  @Override
  public String toString() {
    return errorCode.code() + ": " + getMessage();
  }
}
