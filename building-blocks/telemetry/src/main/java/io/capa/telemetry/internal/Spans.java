package io.capa.telemetry.internal;

import io.capa.api.CapaException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** INTERNAL API: ending spans with the runtime's error model. */
public final class Spans {
  /** The stable error code of a failed call, as {@code ERR_...}. */
  public static final String ERROR_CODE = "capa.error_code";

  private Spans() {}

  /** Ends {@code span}; a failure sets the error status, its exception and its ErrorCode. */
  public static void end(Span span, Throwable error) {
    if (error != null) {
      Throwable e = unwrap(error);
      if (e instanceof CapaException ce) {
        span.setAttribute(ERROR_CODE, ce.errorCode().code());
      }
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      span.recordException(e);
    }
    span.end();
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
