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
  INTERNAL("ERR_INTERNAL", 500);

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
}
