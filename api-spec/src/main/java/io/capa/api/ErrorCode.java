package io.capa.api;

/**
 * Stable error codes of the portable API. The code string is part of the wire contract (HTTP bodies,
 * RPC exceptions, logs) and never changes meaning; the HTTP status is the one the HTTP API answers with.
 */
public enum ErrorCode {
  INVALID_REQUEST("ERR_INVALID_REQUEST", 400),
  MALFORMED_JSON("ERR_MALFORMED_JSON", 400),
  INVALID_SCHEDULE("ERR_INVALID_SCHEDULE", 400),
  PAYLOAD_TOO_LARGE("ERR_PAYLOAD_TOO_LARGE", 413),
  ACTOR_TYPE_NOT_FOUND("ERR_ACTOR_TYPE_NOT_FOUND", 404),
  ACTOR_METHOD_NOT_FOUND("ERR_ACTOR_METHOD_NOT_FOUND", 404),
  REMINDER_NOT_FOUND("ERR_REMINDER_NOT_FOUND", 404),
  TIMER_NOT_FOUND("ERR_TIMER_NOT_FOUND", 404),
  ROUTE_NOT_FOUND("ERR_ROUTE_NOT_FOUND", 404),
  APP_NOT_FOUND("ERR_APP_NOT_FOUND", 404),
  ACTOR_HOST_UNAVAILABLE("ERR_ACTOR_HOST_UNAVAILABLE", 503),
  DIRECT_INVOKE("ERR_DIRECT_INVOKE", 500),
  RUNTIME_UNAVAILABLE("ERR_RUNTIME_UNAVAILABLE", 503),
  METHOD_NOT_ALLOWED("ERR_METHOD_NOT_ALLOWED", 405),
  UNAUTHORIZED("ERR_UNAUTHORIZED", 401),
  ACTOR_METHOD_FAILED("ERR_ACTOR_METHOD_FAILED", 500),
  ACTOR_ACTIVATION_FAILED("ERR_ACTOR_ACTIVATION_FAILED", 500),
  REENTRANCY_REJECTED("ERR_REENTRANCY_REJECTED", 409),
  REENTRANCY_DEPTH_EXCEEDED("ERR_REENTRANCY_DEPTH_EXCEEDED", 409),
  DEADLINE_EXCEEDED("ERR_DEADLINE_EXCEEDED", 504),
  OVERLOADED("ERR_OVERLOADED", 429),
  PERSISTENCE_UNAVAILABLE("ERR_PERSISTENCE_UNAVAILABLE", 503),
  PERSISTENCE_FAILED("ERR_PERSISTENCE_FAILED", 500),
  SHUTTING_DOWN("ERR_SHUTTING_DOWN", 503),
  INTERNAL("ERR_INTERNAL", 500),
  /**
   * No component of that name is configured for the building block (state store, pub/sub, binding,
   * configuration, secret, lock, sequencer, file or database store). 400 as for Dapr's state, lock and
   * configuration stores; Dapr's 401 for a missing secret store is not followed, since nothing about
   * the caller's credentials is wrong.
   */
  COMPONENT_NOT_FOUND("ERR_COMPONENT_NOT_FOUND", 400),
  /** The backing component answered with an error (store down, broker refused the message ...). */
  COMPONENT_FAILED("ERR_COMPONENT_FAILED", 500),
  /** The component cannot do this operation (for instance state query or transactions); 500 as in Dapr. */
  NOT_SUPPORTED("ERR_NOT_SUPPORTED", 500),
  /** A write or delete named an ETag that is no longer the current one. */
  ETAG_MISMATCH("ERR_ETAG_MISMATCH", 409),
  /** An ETag the store cannot read at all (not merely stale). */
  ETAG_INVALID("ERR_ETAG_INVALID", 400),
  /** Access policy forbids the call: secret scoping, a topic the app may not publish to. */
  PERMISSION_DENIED("ERR_PERMISSION_DENIED", 403),
  SECRET_NOT_FOUND("ERR_SECRET_NOT_FOUND", 404),
  FILE_NOT_FOUND("ERR_FILE_NOT_FOUND", 404),
  /** A database transaction handle that was committed, rolled back or expired after idling. */
  TRANSACTION_NOT_FOUND("ERR_TRANSACTION_NOT_FOUND", 404);

  private final String code;
  private final int httpStatus;

  ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The stable string, for instance {@code ERR_ACTOR_TYPE_NOT_FOUND}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  private static final java.util.Map<String, ErrorCode> BY_CODE = byCode();

  private static java.util.Map<String, ErrorCode> byCode() {
    java.util.Map<String, ErrorCode> m = new java.util.HashMap<>();
    for (ErrorCode c : values()) {
      m.put(c.code, c);
    }
    return java.util.Map.copyOf(m);
  }

  /** The error code whose stable string is {@code code}, as read back from a wire or a log. */
  public static java.util.Optional<ErrorCode> fromCode(String code) {
    return java.util.Optional.ofNullable(code == null ? null : BY_CODE.get(code));
  }
}
