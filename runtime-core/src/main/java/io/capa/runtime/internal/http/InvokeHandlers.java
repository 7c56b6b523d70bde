package io.capa.runtime.internal.http;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvocationService;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.InvocationSource;
import io.capa.runtime.internal.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * INTERNAL API: service invocation, {@code /v1.0/invoke/{appId}/method/{method...}} and Dapr's
 * {@code dapr-app-id} header form. The request's verb, query, content type, body and headers go to
 * the {@link InvocationService} through the {@link InvocationGraph} (target {@code app/{appId}});
 * the application's status, content type and body come back unchanged.
 */
final class InvokeHandlers {
  /**
   * Headers that are about this hop or carry credentials for this sidecar: never passed on as
   * metadata. (Content-Type and Content-Length are part of the entity, not of the header list.)
   */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "capa-api-token", "dapr-api-token", "dapr-app-id", ActorHandlers.TIMEOUT_HEADER, "host", "connection",
          "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "timeout-access");

  private static final Set<String> TRACE_HEADERS = Set.of("traceparent", "tracestate");

  private final InvocationService service;
  private final InvocationGraph graph;

  InvokeHandlers(InvocationService service, InvocationGraph graph) {
    this.service = service;
    this.graph = graph;
  }

  /** {@code trace} is the request span's context; it replaces the caller's trace headers in the metadata. */
  CompletionStage<HttpResponse> handle(RouteMatch m, HttpRequest request, byte[] body, Map<String, String> trace) {
    String appId = m.param(0);
    Duration timeout = timeout(request);
    InvokeRequest invoke =
        new InvokeRequest(
            appId,
            m.param(1),
            body,
            request.entity().getContentType().toString(),
            request.method().name(),
            request.getUri().rawQueryString().orElse(""),
            metadata(request, trace),
            timeout);
    return graph
        .submit(Invocation.of(InvocationSource.HTTP, "app/" + appId, () -> service.invoke(invoke)).withTimeout(timeout))
        .thenApply(InvokeHandlers::response);
  }

  private static Map<String, String> metadata(HttpRequest request, Map<String, String> trace) {
    Map<String, String> out = new HashMap<>();
    if (!trace.isEmpty()) {
      out.putAll(trace);
    }
    for (HttpHeader h : request.getHeaders()) {
      String name = h.lowercaseName();
      if (!NOT_FORWARDED.contains(name) && (trace.isEmpty() || !TRACE_HEADERS.contains(name))) {
        out.merge(name, h.value(), (a, b) -> a + ", " + b); // repeated headers as HTTP folds them
      }
    }
    return out;
  }

  static HttpResponse response(InvokeResponse r) {
    if (r == null) {
      throw new CapaException(ErrorCode.DIRECT_INVOKE, "the application answered nothing");
    }
    if (r.status() < 200) {
      throw new CapaException(
          ErrorCode.DIRECT_INVOKE, "the application answered an informational status " + r.status() + " as its final answer");
    }
    StatusCode status =
        StatusCodes.lookup(r.status())
            .orElseGet(() -> StatusCodes.custom(r.status(), "Status " + r.status(), "", r.status() < 400, true));
    HttpResponse response = HttpResponse.create().withStatus(status);
    if (!status.allowsEntity()) {
      return response; // 204 and 304 carry no body, whatever the application sent
    }
    return response.withEntity(contentType(r.contentType()), r.data());
  }

  private static ContentType contentType(String value) {
    try {
      return ContentTypes.parse(value);
    } catch (RuntimeException e) {
      // An application's malformed content type must not turn its answer into a failure.
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  private static Duration timeout(HttpRequest request) {
    Optional<HttpHeader> header = request.getHeader(ActorHandlers.TIMEOUT_HEADER);
    if (header.isEmpty()) {
      return null;
    }
    try {
      Duration d = Durations.parse(header.get().value());
      if (d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new CapaException(
          ErrorCode.INVALID_REQUEST, ActorHandlers.TIMEOUT_HEADER.toLowerCase(Locale.ROOT) + " header: " + e.getMessage());
    }
  }
}
