package io.capa.runtime.spi;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Routes a building block adds to the HTTP API on 3500, such as {@code /v1.0/state/{store}}. The
 * API asks each {@code HttpRoutes} in turn for paths its own routes do not match; the first that
 * answers handles the request. Authentication, the body size limit, error responses and request
 * metrics stay the API's: a handler reads a body already held in memory and reports errors by
 * failing with a {@link io.capa.api.CapaException}.
 */
public interface HttpRoutes {

  /**
   * The route for this request, or empty when the path is not one of these routes.
   *
   * @param segments the decoded path segments, without the empty one before the leading slash
   */
  Optional<HttpRoute> match(HttpRequest request, List<String> segments);
}
