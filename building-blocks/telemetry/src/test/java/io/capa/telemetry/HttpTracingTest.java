package io.capa.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.actors.api.ActorRuntime;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.api.telemetry.TraceContext;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.telemetry.api.Telemetry;
import io.capa.telemetry.api.TelemetrySettings;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trace across the HTTP API, actor turns, service invocation and building blocks' routes, recorded
 * in memory: one actor runtime, and two HTTP servers on it, one traced at ratio 1, one at ratio 0.
 */
class HttpTracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

  private static Telemetry telemetry;
  private static Telemetry unsampled;
  private static ActorRuntime runtime;
  private static RuntimeServers servers;
  private static RuntimeServers unsampledServers;
  private static final HttpClient client = HttpClient.newHttpClient();
  private static final AtomicReference<Map<String, String>> invokedMetadata = new AtomicReference<>();
  private static final AtomicReference<String> routeTraceparent = new AtomicReference<>();

  /** {@code /v1.0/probe}: answers with nothing, keeping the traceparent header it was given. */
  private static final HttpRoutes PROBE =
      (request, segments) ->
          segments.equals(List.of("v1.0", "probe"))
              ? Optional.of(new HttpRoute("/v1.0/probe", false, (req, body) -> {
                  routeTraceparent.set(req.getHeader("traceparent").map(h -> h.value()).orElse(null));
                  return HttpReplies.done(HttpReplies.noContent());
                }))
              : Optional.empty();

  @BeforeAll
  static void start() throws Exception {
    telemetry = Telemetry.create(TelemetrySettings.inMemory("orders", 1.0));
    unsampled = Telemetry.create(TelemetrySettings.inMemory("orders", 0.0));
    runtime =
        ActorRuntime.builder()
            .register(TracedActors.relay())
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", Files.createTempDirectory("capa-telemetry").toString())
            .tracing(telemetry.tracing())
            .start();
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    RuntimeServices services =
        new RuntimeServices(config, runtime.service(), runtime.metrics(), List.of())
            .withInvocation(HttpTracingTest::invoke)
            .withHttpRoutes(List.of(PROBE));
    servers =
        RuntimeServers.start(runtime.system(), services.withTracing(telemetry.tracing()))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    unsampledServers =
        RuntimeServers.start(runtime.system(), services.withTracing(unsampled.tracing()))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  private static CompletableFuture<InvokeResponse> invoke(InvokeRequest request) {
    invokedMetadata.set(request.metadata());
    return CompletableFuture.completedFuture(new InvokeResponse(200, "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain", Map.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    unsampledServers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    runtime.close();
    telemetry.close();
    unsampled.close();
  }

  @Test
  void actorCall_withTraceparent_continuesTheCallersTraceThroughTheTurn() throws Exception {
    HttpResponse<String> r = post(servers, "/v1.0/actors/Relay/a1/method/echo", "\"hi\"", "traceparent", TRACEPARENT);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("\"hi\"");
    SpanData server = awaitSpan(s -> s.getName().equals("/v1.0/actors/{type}/{id}/method/{method}")
        && s.getTraceId().equals(TRACE_ID));
    SpanData turn = awaitSpan(s -> s.getName().equals("actor Relay.echo") && s.getTraceId().equals(TRACE_ID));
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.getAttributes().asMap().toString()).contains("http.response.status_code=200");
    assertThat(turn.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(turn.getAttributes().asMap().toString()).contains("capa.actor.id=a1");
    assertThat(turn.getResource().getAttributes().asMap().toString()).contains("service.name=orders");
    // The response names the span that answered, in the caller's trace.
    assertThat(r.headers().firstValue("traceparent")).hasValue("00-" + TRACE_ID + "-" + server.getSpanId() + "-01");
  }

  @Test
  void actorCall_fromATurn_isAChildOfThatTurn() throws Exception {
    HttpResponse<String> r = post(servers, "/v1.0/actors/Relay/r1/method/relay", "\"r2\"", "traceparent", TRACEPARENT);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("\"via r1\"");
    SpanData outer = awaitSpan(s -> s.getName().equals("actor Relay.relay") && s.getTraceId().equals(TRACE_ID));
    SpanData inner = awaitSpan(s -> s.getName().equals("actor Relay.echo")
        && s.getAttributes().asMap().toString().contains("capa.actor.id=r2"));
    assertThat(inner.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(inner.getParentSpanId()).isEqualTo(outer.getSpanId());
  }

  @Test
  void actorCall_failing_recordsTheErrorOnTheTurn() throws Exception {
    HttpResponse<String> r = post(servers, "/v1.0/actors/Relay/f1/method/fail", "\"boom\"", "traceparent", TRACEPARENT);

    assertThat(r.statusCode()).isEqualTo(500);
    SpanData turn = awaitSpan(s -> s.getName().equals("actor Relay.fail"));
    assertThat(turn.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(turn.getAttributes().asMap().toString()).contains("capa.error_code=" + ErrorCode.ACTOR_METHOD_FAILED.code());
    SpanData server = awaitSpan(s -> s.getSpanId().equals(turn.getParentSpanId()));
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void actorCall_malformedTraceparent_startsANewTraceAndSucceeds() throws Exception {
    String garbage = "00-" + TRACE_ID + "-not-a-span-id-01";
    HttpResponse<String> r = post(servers, "/v1.0/actors/Relay/m1/method/echo", "\"x\"", "traceparent", garbage);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("\"x\"");
    String answered = r.headers().firstValue("traceparent").orElseThrow();
    TraceContext context = TraceContext.parse(answered, null).orElseThrow();
    assertThat(context.traceId()).isNotEqualTo(TRACE_ID);
    SpanData server = awaitSpan(s -> s.getSpanId().equals(context.spanId()));
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    awaitSpan(s -> s.getName().equals("actor Relay.echo") && s.getTraceId().equals(context.traceId()));
  }

  @Test
  void actorCall_samplingZero_recordsNothing() throws Exception {
    HttpResponse<String> r = post(unsampledServers, "/v1.0/actors/Relay/z1/method/relay", "\"z2\"");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("\"via z1\"");
    // The unsampled decision travels on: the actor runtime, though recording at ratio 1, keeps it.
    String answered = r.headers().firstValue("traceparent").orElseThrow();
    TraceContext context = TraceContext.parse(answered, null).orElseThrow();
    assertThat(context.sampled()).isFalse();
    String traceId = context.traceId();
    telemetry.flush(Duration.ofSeconds(5));
    assertThat(unsampled.finishedSpans()).isEmpty();
    assertThat(telemetry.finishedSpans()).noneMatch(s -> s.getTraceId().equals(traceId));
  }

  @Test
  void serviceInvocation_passesTheServerSpanAsParentInMetadata() throws Exception {
    HttpResponse<String> r =
        post(servers, "/v1.0/invoke/billing/method/charge", "{}", "traceparent", TRACEPARENT, "tracestate", "vendor=1");

    assertThat(r.statusCode()).isEqualTo(200);
    SpanData server = awaitSpan(s -> s.getName().equals("/v1.0/invoke/{appId}/method/{method}"));
    Map<String, String> metadata = invokedMetadata.get();
    assertThat(metadata).containsEntry("traceparent", "00-" + TRACE_ID + "-" + server.getSpanId() + "-01");
    assertThat(metadata).containsEntry("tracestate", "vendor=1");
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
  }

  @Test
  void buildingBlockRoute_seesTheServerSpanAsItsTraceparent() throws Exception {
    HttpResponse<String> r = get(servers, "/v1.0/probe", "traceparent", TRACEPARENT);

    assertThat(r.statusCode()).isEqualTo(204);
    SpanData server = awaitSpan(s -> s.getName().equals("/v1.0/probe"));
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(routeTraceparent.get()).isEqualTo("00-" + TRACE_ID + "-" + server.getSpanId() + "-01");
  }

  @Test
  void unknownRoute_isTracedUnderItsTemplate_andNotAnError() throws Exception {
    HttpResponse<String> r = get(servers, "/v1.0/nothing-here/" + System.nanoTime());

    assertThat(r.statusCode()).isEqualTo(404);
    String spanId = TraceContext.parse(r.headers().firstValue("traceparent").orElseThrow(), null).orElseThrow().spanId();
    SpanData server = awaitSpan(s -> s.getSpanId().equals(spanId));
    assertThat(server.getName()).isEqualTo("unmatched");
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void healthProbe_isNotTraced() throws Exception {
    HttpResponse<String> r = get(servers, "/v1.0/healthz", "traceparent", TRACEPARENT.replace('4', '9'));

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("traceparent")).isEmpty();
    assertThat(telemetry.finishedSpans()).noneMatch(s -> s.getName().equals("/v1.0/healthz"));
  }

  private static SpanData awaitSpan(Predicate<SpanData> match) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (SpanData s : telemetry.finishedSpans()) {
        if (match.test(s)) {
          return s;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such span among " + telemetry.finishedSpans());
  }

  private static HttpResponse<String> post(RuntimeServers on, String path, String body, String... headers) throws Exception {
    return send(on, path, HttpRequest.BodyPublishers.ofString(body), "POST", headers);
  }

  private static HttpResponse<String> get(RuntimeServers on, String path, String... headers) throws Exception {
    return send(on, path, HttpRequest.BodyPublishers.noBody(), "GET", headers);
  }

  private static HttpResponse<String> send(
      RuntimeServers on, String path, HttpRequest.BodyPublisher body, String method, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
