package io.capa.telemetry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentHealth;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT = "b7ad6b7169203331";
  private static final Map<String, String> METADATA = Map.of("Traceparent", "00-" + TRACE_ID + "-" + PARENT + "-01");

  private final Telemetry telemetry = Telemetry.create(TelemetrySettings.inMemory("orders", 1.0));

  @AfterEach
  void close() {
    telemetry.close();
  }

  /** A stand-in for a state store component, as a building block would hold it. */
  static final class MemoryStore implements Component {
    final Map<String, String> values = new ConcurrentHashMap<>();

    CompletionStage<Optional<String>> get(String key) {
      if (key.isEmpty()) {
        return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, "empty key"));
      }
      return CompletableFuture.completedFuture(Optional.ofNullable(values.get(key)));
    }

    @Override
    public ComponentHealth health() {
      return ComponentHealth.UP;
    }

    @Override
    public void close() {}
  }

  @Test
  void componentCall_isAClientSpanUnderTheRequestsContext() {
    MemoryStore store = new MemoryStore();
    store.values.put("k", "v");

    Optional<String> v =
        telemetry.componentCall("state.get", "orders-store", METADATA, () -> store.get("k")).toCompletableFuture().join();

    assertThat(v).hasValue("v");
    SpanData span = telemetry.finishedSpans().get(0);
    assertThat(span.getName()).isEqualTo("state.get");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT);
    assertThat(span.getAttributes().asMap().toString()).contains("capa.component=orders-store");
  }

  @Test
  void componentCall_failing_recordsTheErrorCode() {
    MemoryStore store = new MemoryStore();

    CompletableFuture<Optional<String>> f =
        telemetry.componentCall("state.get", "orders-store", Map.of(), () -> store.get("")).toCompletableFuture();

    assertThat(f).isCompletedExceptionally();
    SpanData span = telemetry.finishedSpans().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().asMap().toString()).contains("capa.error_code=ERR_INVALID_REQUEST");
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void componentCall_throwing_endsTheSpanAndFailsTheStage() {
    CompletableFuture<Object> f =
        telemetry
            .<Object>componentCall("state.get", "s", Map.of(), () -> {
              throw new IllegalStateException("closed");
            })
            .toCompletableFuture();

    assertThat(f).isCompletedExceptionally();
    assertThat(telemetry.finishedSpans()).hasSize(1);
  }

  @Test
  void startServerSpan_malformedTraceparent_startsANewTrace() {
    Span span = telemetry.startServerSpan("x", Map.of("traceparent", "00-zz-yy-01", "tracestate", "a=b"));
    Telemetry.end(span, null);

    SpanData data = telemetry.finishedSpans().get(0);
    assertThat(data.getParentSpanContext().isValid()).isFalse();
    assertThat(data.getTraceId()).isNotEqualTo(TRACE_ID);
  }

  @Test
  void inject_replacesTheCallersEntriesWithTheSpan() {
    Span span = telemetry.startServerSpan("x", METADATA);
    Map<String, String> out =
        telemetry.inject(io.opentelemetry.context.Context.root().with(span), Map.of("Traceparent", "old", "k", "v"));
    Telemetry.end(span, null);

    assertThat(out).containsEntry("k", "v").doesNotContainKey("Traceparent");
    assertThat(out.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.getSpanContext().getSpanId() + "-01");
  }

  @Test
  void inSpan_handsTheSpansContextToTheCall() {
    Map<String, String> seen = new ConcurrentHashMap<>();
    telemetry.inSpan("work", SpanKind.INTERNAL, METADATA, md -> {
      seen.putAll(md);
      return CompletableFuture.completedFuture(1);
    }).toCompletableFuture().join();

    SpanData span = telemetry.finishedSpans().get(0);
    assertThat(seen.get("traceparent")).contains(span.getSpanId());
    assertThat(span.getParentSpanId()).isEqualTo(PARENT);
  }

  @Test
  void noop_recordsAndPropagatesNothing() {
    Telemetry noop = Telemetry.noop();

    Object v = noop.componentCall("state.get", "s", METADATA, () -> CompletableFuture.completedFuture(7))
        .toCompletableFuture().join();
    var span = noop.tracing().start("x", io.capa.runtime.spi.Tracing.Kind.SERVER, METADATA);

    assertThat(v).isEqualTo(7);
    assertThat(span.context()).isEmpty();
    assertThat(noop.enabled()).isFalse();
    assertThat(noop.finishedSpans()).isEmpty();
  }

  @Test
  void tracingWrap_failedStage_endsWithTheError() {
    CompletableFuture<Object> f = telemetry.tracing()
        .wrap("op", io.capa.runtime.spi.Tracing.Kind.INTERNAL, Map.of(),
            () -> CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED, "down")))
        .toCompletableFuture();

    assertThat(f).isCompletedExceptionally();
    assertThat(f.handle((r, e) -> e)).isCompletedWithValueMatching(e -> e instanceof CompletionException);
    SpanData span = telemetry.finishedSpans().get(0);
    assertThat(span.getAttributes().asMap().toString()).contains("capa.error_code=ERR_COMPONENT_FAILED");
  }
}
