package io.capa.runtime.internal.http;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: response builders, and the one place where a failure becomes an HTTP error:
 * {@code {"errorCode":"ERR_...","message":"..."}} with the status of its {@link ErrorCode}.
 */
final class Responses {
  /** Codes the HTTP layer answers with that are about HTTP itself, not the portable API. */
  static final String ERR_METHOD_NOT_ALLOWED = io.capa.api.ErrorCode.METHOD_NOT_ALLOWED.code();

  static final String ERR_UNAUTHORIZED = io.capa.api.ErrorCode.UNAUTHORIZED.code();

  private static final Logger log = LoggerFactory.getLogger(Responses.class);

  private static final HttpResponse NO_CONTENT = HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);

  private Responses() {}

  static HttpResponse noContent() {
    return NO_CONTENT;
  }

  static HttpResponse json(int status, byte[] body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  static HttpResponse error(int status, String code, String message) {
    return error(status, code, message, null);
  }

  static HttpResponse error(ErrorCode code, String message) {
    return error(code.httpStatus(), code.code(), message, null);
  }

  private static HttpResponse error(int status, String code, String message, String errorType) {
    byte[] body =
        Json.write(
            gen -> {
              gen.writeStartObject();
              gen.writeStringField("errorCode", code);
              gen.writeStringField("message", message);
              if (errorType != null) {
                gen.writeStringField("errorType", errorType);
              }
              gen.writeEndObject();
            });
    return json(status, body);
  }

  /** Maps any failure to a response; never throws, so that no failure can escape to the server. */
  static HttpResponse failure(Throwable failure, String route) {
    Throwable t = unwrap(failure);
    if (t instanceof CapaException) {
      CapaException e = (CapaException) t;
      ErrorCode code = e.errorCode();
      return error(code.httpStatus(), code.code(), e.getMessage(), e.remoteType().orElse(null));
    }
    if (t instanceof EntityStreamSizeException) {
      return error(ErrorCode.PAYLOAD_TOO_LARGE, "the request body exceeds the limit of "
          + ((EntityStreamSizeException) t).limit() + " bytes (capa.http.max-request-bytes)");
    }
    if (t instanceof TimeoutException) {
      return error(ErrorCode.INVALID_REQUEST, "the request body did not arrive in time");
    }
    if (t instanceof IllegalArgumentException) {
      return error(ErrorCode.INVALID_REQUEST, String.valueOf(t.getMessage()));
    }
    log.error("Unexpected failure on {}", route, t);
    return error(ErrorCode.INTERNAL, "internal error (" + t.getClass().getSimpleName() + "), see the runtime log");
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
