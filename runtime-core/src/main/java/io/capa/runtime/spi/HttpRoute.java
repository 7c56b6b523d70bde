package io.capa.runtime.spi;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * One matched route of an {@link HttpRoutes}.
 *
 * @param template the route's template, for instance {@code /v1.0/state/{store}}: the {@code route}
 *     label of the request metrics, so it must not contain values taken from the path
 * @param readsBody whether the handler needs the request body; when false it is discarded
 * @param handler answers the request; may throw or fail, either becomes an error response
 */
public record HttpRoute(String template, boolean readsBody, Handler handler) {
  public HttpRoute {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(handler, "handler");
  }

  /** Handles one request whose body (empty when not read) is fully in memory. */
  @FunctionalInterface
  public interface Handler {
    CompletionStage<HttpResponse> handle(HttpRequest request, byte[] body) throws Exception;
  }
}
