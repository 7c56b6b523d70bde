package io.capa.runtime.internal.http;

import io.capa.runtime.metrics.MetricsRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.stream.Materializer;

/** INTERNAL API: the Prometheus endpoint, {@code GET /metrics} on its own port. */
public final class MetricsEndpoint {
  /**
   * Written exactly as the exposition spec spells it. pekko-http's registered UTF-8 renders as
   * "UTF-8"; a custom charset keeps the lower-case name some strict scrapers compare literally.
   */
  static final ContentType PROMETHEUS_TEXT =
      ((MediaType.WithOpenCharset) ContentTypes.parse("text/plain; version=0.0.4").mediaType())
          .toContentType(HttpCharsets.custom("utf-8"));

  private final MetricsRegistry registry;
  private final Materializer materializer;

  public MetricsEndpoint(MetricsRegistry registry, Materializer materializer) {
    this.registry = registry;
    this.materializer = materializer;
  }

  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    request.discardEntityBytes(materializer);
    HttpResponse response;
    if (!request.getUri().path().equals("/metrics")) {
      response = text(404, "not found; metrics are at /metrics\n");
    } else if (!request.method().equals(HttpMethods.GET) && !request.method().equals(HttpMethods.HEAD)) {
      response = text(405, "use GET\n").addHeader(Allow.create(HttpMethods.GET, HttpMethods.HEAD));
    } else {
      try {
        response =
            HttpResponse.create()
                .withStatus(StatusCodes.OK)
                .withEntity(PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        // A broken gauge function must not take the endpoint down with it.
        response = text(500, "scrape failed: " + e + "\n");
      }
    }
    return CompletableFuture.completedFuture(response);
  }

  private static HttpResponse text(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, body);
  }
}
