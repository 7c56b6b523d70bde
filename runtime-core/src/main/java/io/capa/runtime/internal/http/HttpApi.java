package io.capa.runtime.internal.http;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.runtime.spi.Tracing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the request handler of the HTTP API, bound with pekko-http's low-level server.
 *
 * <pre>
 *  request ─► match path ─► server span ─► auth ─► method allowed? ─► read body (bounded) ─► route handler
 *                                                                                          │
 *  response ◄─ end span, traceparent ◄─ record metrics ◄─ failure → {"errorCode",...} ◄───┘
 * </pre>
 *
 * The server span is named after the route template and continues the request's {@code
 * traceparent}; its context goes into the metadata of what the handler calls (actor invocation,
 * service invocation) and, for building blocks' routes, replaces the request's trace headers.
 *
 * Routing is a switch over path segments, not the routing DSL: it allocates little and is easy to
 * follow. Whatever a handler throws or fails with becomes an error response, never a dead server.
 */
public final class HttpApi {
  private static final byte[] EMPTY = new byte[0];
  /** Dapr's header form of service invocation: {@code dapr-app-id: orders} on {@code /any/method}. */
  static final String APP_ID_HEADER = "dapr-app-id";
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";

  private final HttpSettings settings;
  private final Materializer materializer;
  private final ActorHandlers actors;
  private final InvokeHandlers invoke;
  private final HealthAndMetadata health;
  private final RequestMetrics metrics;
  private final byte[] apiToken;
  private final Runnable shutdownHook;
  private final AtomicBoolean shutdownRequested = new AtomicBoolean();
  private final RetryAfter retryAfter;
  private final List<HttpRoutes> extensions;
  private final Tracing tracing;

  public HttpApi(HttpSettings settings, RuntimeServices services, InvocationGraph graph, Materializer materializer) {
    this.settings = settings;
    this.materializer = materializer;
    this.actors = new ActorHandlers(services.actors(), graph);
    this.invoke = new InvokeHandlers(services.invocation(), graph);
    this.shutdownHook = services.shutdownHook();
    // Whole seconds, rounded up: a client must not come back before the graph suggests.
    this.retryAfter = RetryAfter.create(Math.max(1L, (graph.retryAfter().toMillis() + 999) / 1000));
    this.health =
        new HealthAndMetadata(
            services.healthChecks(),
            services.outboundChecks(),
            settings.healthCheckTimeout(),
            services.actors(),
            settings.appId(),
            services.components());
    this.metrics = new RequestMetrics(services.metrics());
    this.apiToken = settings.apiToken().getBytes(StandardCharsets.UTF_8);
    this.extensions = services.httpRoutes();
    this.tracing = services.tracing();
  }

  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    long start = System.nanoTime();
    RouteMatch match;
    CompletionStage<HttpResponse> response;
    try {
      match = RouteMatch.of(request.getUri().pathSegments());
      if (match.route() == Route.UNMATCHED && !extensions.isEmpty()) {
        Optional<HttpRoute> extension = extension(request);
        if (extension.isPresent()) {
          return handleExtension(extension.get(), request, start);
        }
      }
      if (match.route() == Route.UNMATCHED) {
        Optional<HttpHeader> appId = request.getHeader(APP_ID_HEADER);
        if (appId.isPresent()) {
          match = RouteMatch.byAppIdHeader(appId.get().value(), request.getUri().pathSegments());
        }
      }
    } catch (RuntimeException e) {
      match = new RouteMatch(Route.UNMATCHED, List.of());
    }
    Route route = match.route();
    // Health probes come every few seconds from orchestrators: spans of them would bury the traces.
    Tracing.Span span =
        route == Route.HEALTHZ || route == Route.HEALTHZ_OUTBOUND ? Tracing.Span.NOOP : startSpan(route.template, request);
    try {
      response = route(match, request, span.context());
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return response
        .handle((r, e) -> endSpan(span, r != null ? r : Responses.failure(e, route.template), e))
        .thenApply(
            r -> {
              if (r.status().intValue() == 429 && r.getHeader(RetryAfter.class).isEmpty()) {
                r = r.addHeader(retryAfter);
              }
              metrics.record(route, r.status().intValue(), System.nanoTime() - start);
              return r;
            });
  }

  private Tracing.Span startSpan(String template, HttpRequest request) {
    if (!tracing.enabled()) {
      return Tracing.Span.NOOP;
    }
    Map<String, String> parent = Map.of();
    Optional<HttpHeader> traceparent = request.getHeader(TRACEPARENT);
    if (traceparent.isPresent()) {
      Optional<HttpHeader> tracestate = request.getHeader(TRACESTATE);
      parent = tracestate.isPresent()
          ? Map.of(TRACEPARENT, traceparent.get().value(), TRACESTATE, tracestate.get().value())
          : Map.of(TRACEPARENT, traceparent.get().value());
    }
    try {
      return tracing
          .start(template, Tracing.Kind.SERVER, parent)
          .attribute("http.request.method", request.method().name())
          .attribute("http.route", template);
    } catch (RuntimeException e) {
      // A faulty tracing plug-in must not fail the request it only observes.
      log.warn("starting the span of {} failed", template, e);
      return Tracing.Span.NOOP;
    }
  }

  /** Ends the request's span and tells the caller which span answered (W3C {@code traceparent}). */
  private static HttpResponse endSpan(Tracing.Span span, HttpResponse response, Throwable error) {
    if (span == Tracing.Span.NOOP) {
      return response;
    }
    int status = response.status().intValue();
    span.attribute("http.response.status_code", Integer.toString(status));
    // Server spans mark only 5xx as errors: a 4xx is the client's mistake, not a failure here.
    span.end(status >= 500 ? (error != null ? error : new IllegalStateException("status " + status)) : null);
    String traceparent = span.context().get(TRACEPARENT);
    return traceparent == null ? response : response.addHeader(RawHeader.create(TRACEPARENT, traceparent));
  }

  /** The request as a building block's route sees it: its trace headers name the server span. */
  private static HttpRequest withTraceContext(HttpRequest request, Map<String, String> context) {
    if (context.isEmpty()) {
      return request;
    }
    HttpRequest out = request.removeHeader(TRACEPARENT).removeHeader(TRACESTATE);
    for (Map.Entry<String, String> e : context.entrySet()) {
      out = out.addHeader(RawHeader.create(e.getKey(), e.getValue()));
    }
    return out;
  }

  private Optional<HttpRoute> extension(HttpRequest request) {
    List<String> segments = new ArrayList<>(8);
    for (String segment : request.getUri().pathSegments()) {
      segments.add(segment);
    }
    if (!segments.isEmpty() && segments.get(0).isEmpty()) {
      segments.remove(0);
    }
    List<String> view = Collections.unmodifiableList(segments);
    for (HttpRoutes routes : extensions) {
      Optional<HttpRoute> route = routes.match(request, view);
      if (route.isPresent()) {
        return route;
      }
    }
    return Optional.empty();
  }

  /** A building block's route: the same token check, body limit, error mapping and metrics. */
  private CompletionStage<HttpResponse> handleExtension(HttpRoute route, HttpRequest original, long start) {
    CompletionStage<HttpResponse> response;
    Tracing.Span span = startSpan(route.template(), original);
    HttpRequest request = withTraceContext(original, span.context());
    try {
      if (!authorized(Route.UNMATCHED, request)) {
        response = discardAnd(request, Responses.error(401, Responses.ERR_UNAUTHORIZED,
            "missing or wrong API token (header capa-api-token or dapr-api-token)"));
      } else if (route.readsBody()) {
        response = readBody(request).thenCompose(body -> invokeExtension(route, request, body));
      } else {
        request.discardEntityBytes(materializer);
        response = invokeExtension(route, request, EMPTY);
      }
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return response
        .handle((r, e) -> endSpan(span, r != null ? r : Responses.failure(e, route.template()), e))
        .thenApply(
            r -> {
              metrics.record(route.template(), r.status().intValue(), System.nanoTime() - start);
              return r;
            });
  }

  private static CompletionStage<HttpResponse> invokeExtension(HttpRoute route, HttpRequest request, byte[] body) {
    try {
      CompletionStage<HttpResponse> r = route.handler().handle(request, body);
      return r != null ? r : CompletableFuture.failedFuture(
          new IllegalStateException("the handler of " + route.template() + " returned no response"));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<HttpResponse> route(RouteMatch match, HttpRequest request, Map<String, String> trace) {
    Route route = match.route();
    if (!authorized(route, request)) {
      return discardAnd(request, Responses.error(401, Responses.ERR_UNAUTHORIZED,
          "missing or wrong API token (header capa-api-token or dapr-api-token)"));
    }
    if (route == Route.UNMATCHED) {
      return discardAnd(request, Responses.error(ErrorCode.ROUTE_NOT_FOUND,
          "no route for " + request.method().name() + " " + request.getUri().path()));
    }
    if (!route.allows(request.method())) {
      HttpResponse notAllowed = Responses.error(405, Responses.ERR_METHOD_NOT_ALLOWED,
          request.method().name() + " is not allowed on " + route.template);
      return discardAnd(request, notAllowed.addHeader(Allow.create(route.methods())));
    }
    if (route.hasBody(request.method())) {
      return readBody(request).thenCompose(body -> dispatch(match, request, body, trace));
    }
    request.discardEntityBytes(materializer);
    return dispatch(match, request, EMPTY, trace);
  }

  private CompletionStage<HttpResponse> dispatch(
      RouteMatch match, HttpRequest request, byte[] body, Map<String, String> trace) {
    switch (match.route()) {
      case HEALTHZ:
        return health.health();
      case HEALTHZ_OUTBOUND:
        return health.outboundHealth();
      case METADATA:
        return health.metadata();
      case INVOKE:
      case INVOKE_BY_HEADER:
        return invoke.handle(match, request, body, trace);
      case SHUTDOWN:
        return shutdown();
      default:
        return actors.handle(match, request, body, trace);
    }
  }

  /**
   * Answers 204, then runs the hook once on a thread of its own: the hook stops the servers, which
   * waits for in-flight responses (this one included), so it must not run on a server thread. The
   * short delay lets the 204 leave before connections start closing.
   */
  private CompletionStage<HttpResponse> shutdown() {
    if (shutdownRequested.compareAndSet(false, true)) {
      log.info("shutdown requested over the HTTP API");
      materializer.scheduleOnce(
          scala.concurrent.duration.FiniteDuration.fromNanos(settings.shutdownDelay().toNanos()),
          () -> new Thread(shutdownHook, "capa-shutdown-request").start());
    }
    return CompletableFuture.completedFuture(Responses.noContent());
  }

  /**
   * Reads the body with a hard limit: a declared length over the limit is refused before reading,
   * and an undeclared (chunked) one fails as soon as it passes the limit.
   */
  private CompletionStage<byte[]> readBody(HttpRequest request) {
    HttpEntity entity = request.entity();
    long max = settings.maxRequestBytes();
    OptionalLong declared = entity.getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > max) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.PAYLOAD_TOO_LARGE,
          "the request body of " + declared.getAsLong() + " bytes exceeds the limit of " + max
              + " bytes (capa.http.max-request-bytes)"));
    }
    if (entity instanceof HttpEntity.Strict) {
      return CompletableFuture.completedFuture(((HttpEntity.Strict) entity).getData().toArray());
    }
    return entity
        .toStrict(settings.bodyReadTimeout().toMillis(), max, materializer)
        .thenApply(strict -> strict.getData().toArray());
  }

  private boolean authorized(Route route, HttpRequest request) {
    if (apiToken.length == 0 || route == Route.HEALTHZ || route == Route.HEALTHZ_OUTBOUND) {
      return true;
    }
    Optional<HttpHeader> header = request.getHeader("capa-api-token");
    if (header.isEmpty()) {
      header = request.getHeader("dapr-api-token");
    }
    // Constant-time comparison, so that response timing does not reveal a token prefix.
    return header.isPresent()
        && MessageDigest.isEqual(apiToken, header.get().value().getBytes(StandardCharsets.UTF_8));
  }

  private CompletionStage<HttpResponse> discardAnd(HttpRequest request, HttpResponse response) {
    request.discardEntityBytes(materializer);
    return CompletableFuture.completedFuture(response);
  }
}
