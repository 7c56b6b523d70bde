package io.capa.telemetry.api;

import com.typesafe.config.Config;
import io.capa.runtime.spi.Tracing;
import io.capa.telemetry.internal.MapCarrier;
import io.capa.telemetry.internal.OtelTracing;
import io.capa.telemetry.internal.Spans;
import io.capa.telemetry.internal.Pipelines;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The runtime's OpenTelemetry: traces, metrics and logs of one node, exported over OTLP, with W3C
 * trace context carried in request headers and metadata ({@code traceparent}, {@code tracestate}).
 *
 * <pre>{@code
 * Telemetry telemetry = Telemetry.fromConfig(config);             // no-op unless enabled
 * ActorRuntime actors = ActorRuntime.builder().tracing(telemetry.tracing())...start();
 * RuntimeServices services = new RuntimeServices(...).withTracing(telemetry.tracing());
 * // in a building block, around each component call:
 * return telemetry.componentCall("state.get", store, request.metadata(), () -> component.get(key));
 * }</pre>
 *
 * <p>Nothing is global: the instance is passed to whatever reports spans, and {@link #noop()} stands
 * in when telemetry is off. The trace context travels explicitly in maps, never in thread-locals,
 * because a call hops across actors, stream stages and executors.
 */
public final class Telemetry implements AutoCloseable {
  private static final Telemetry NOOP = new Telemetry(Pipelines.noop());

  private final Pipelines pipelines;
  private final OpenTelemetry otel;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Tracing tracing;

  private Telemetry(Pipelines pipelines) {
    this.pipelines = pipelines;
    this.otel = pipelines.openTelemetry();
    this.tracer = otel.getTracer("io.capa.runtime");
    this.propagator = otel.getPropagators().getTextMapPropagator();
    this.tracing = pipelines.enabled() ? new OtelTracing(tracer, propagator) : Tracing.NOOP;
  }

  /** Records and propagates nothing. */
  public static Telemetry noop() {
    return NOOP;
  }

  /** A no-op instance when {@code settings.enabled()} is false. */
  public static Telemetry create(TelemetrySettings settings) {
    return settings.enabled() ? new Telemetry(Pipelines.create(settings)) : NOOP;
  }

  /** From {@code capa.telemetry.*}. */
  public static Telemetry fromConfig(Config config) {
    return create(TelemetrySettings.from(config));
  }

  public boolean enabled() {
    return pipelines.enabled();
  }

  public OpenTelemetry openTelemetry() {
    return otel;
  }

  /** The tracer of the runtime's own spans. */
  public Tracer tracer() {
    return tracer;
  }

  /** This telemetry as the runtime's tracing hook (HTTP API, actor turns); {@link Tracing#NOOP} when off. */
  public Tracing tracing() {
    return tracing;
  }

  /** The context that {@code carrier}'s {@code traceparent}/{@code tracestate} name; root when absent or malformed. */
  public Context extract(Map<String, String> carrier) {
    if (carrier == null || carrier.isEmpty()) {
      return Context.root();
    }
    return propagator.extract(Context.root(), carrier, MapCarrier.GETTER);
  }

  /**
   * Starts a server span continuing the trace that {@code headersOrMetadata} carries, or a new trace
   * when it carries none or a malformed one. The caller ends it, for instance with {@link #end}.
   */
  public Span startServerSpan(String name, Map<String, String> headersOrMetadata) {
    return tracer.spanBuilder(name).setParent(extract(headersOrMetadata)).setSpanKind(SpanKind.SERVER).startSpan();
  }

  /** A copy of {@code metadata} whose trace entries name {@code context}'s span as the parent. */
  public Map<String, String> inject(Context context, Map<String, String> metadata) {
    Map<String, String> out = new HashMap<>(metadata == null ? Map.of() : metadata);
    out.keySet().removeIf(k -> k.equalsIgnoreCase("traceparent") || k.equalsIgnoreCase("tracestate"));
    propagator.inject(context, out, MapCarrier.SETTER);
    return out;
  }

  /** {@link #inject} with the current OpenTelemetry context, for code that makes spans current. */
  public Map<String, String> injectCurrent(Map<String, String> metadata) {
    return inject(Context.current(), metadata);
  }

  /**
   * Runs {@code call} in a span that is a child of {@code parent}'s context and ends when the stage
   * completes, recording a failure and its ErrorCode. {@code call} receives the trace entries to put
   * into what it calls next.
   */
  public <T> CompletionStage<T> inSpan(
      String name, SpanKind kind, Map<String, String> parent, Function<Map<String, String>, CompletionStage<T>> call) {
    Span span = tracer.spanBuilder(name).setParent(extract(parent)).setSpanKind(kind).startSpan();
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(call.apply(inject(Context.root().with(span), Map.of())), "the call returned no stage");
    } catch (RuntimeException e) {
      end(span, e);
      return CompletableFuture.failedFuture(e);
    }
    return stage.whenComplete((v, e) -> end(span, e));
  }

  /**
   * Wraps one call of a building block into a component in a client span, {@code operation} as its
   * name ({@code state.get}) and {@code component} as {@code capa.component}, a child of the trace
   * context in the request's metadata. When telemetry is off this is just {@code call.get()}.
   */
  public <T> CompletionStage<T> componentCall(
      String operation, String component, Map<String, String> requestMetadata, Supplier<CompletionStage<T>> call) {
    if (!enabled()) {
      return call.get();
    }
    Span span =
        tracer
            .spanBuilder(operation)
            .setParent(extract(requestMetadata))
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("capa.component", component)
            .startSpan();
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(call.get(), "the component returned no stage");
    } catch (RuntimeException e) {
      end(span, e);
      return CompletableFuture.failedFuture(e);
    }
    return stage.whenComplete((v, e) -> end(span, e));
  }

  /** Ends {@code span}; a failure sets the error status, records the exception and its ErrorCode. */
  public static void end(Span span, Throwable error) {
    Spans.end(span, error);
  }

  /** Exports what is buffered; true when done within {@code timeout}. */
  public boolean flush(Duration timeout) {
    return pipelines.flush(timeout);
  }

  /** Spans ended so far, with the {@code in-memory} protocol; empty otherwise. */
  public List<SpanData> finishedSpans() {
    return pipelines.finishedSpans();
  }

  /** Log records emitted so far, with the {@code in-memory} protocol; empty otherwise. */
  public List<LogRecordData> finishedLogs() {
    return pipelines.finishedLogs();
  }

  /** The current metrics, with the {@code in-memory} protocol; empty otherwise. */
  public Collection<MetricData> collectMetrics() {
    return pipelines.collectMetrics();
  }

  /** Exports what is left and stops the exporters. */
  @Override
  public void close() {
    pipelines.close();
  }
}
