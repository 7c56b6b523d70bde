package io.capa.telemetry.internal;

import io.capa.telemetry.api.TelemetrySettings;
import io.capa.telemetry.api.TelemetrySettings.Protocol;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * INTERNAL API: the OpenTelemetry SDK of one {@code Telemetry}: providers for traces, metrics and
 * logs with their exporters (OTLP over gRPC or HTTP, or in memory), and W3C trace context as the
 * only propagator.
 *
 * <pre>
 *  spans ──► BatchSpanProcessor ──────► OTLP /v1/traces   (in-memory: SimpleSpanProcessor ► list)
 *  logs  ──► BatchLogRecordProcessor ─► OTLP /v1/logs     (in-memory: SimpleLogRecordProcessor ► list)
 *  metrics ◄─ PeriodicMetricReader ──► OTLP /v1/metrics   (in-memory: read on demand)
 * </pre>
 */
public final class Pipelines implements AutoCloseable {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final OpenTelemetry otel;
  private final OpenTelemetrySdk sdk;
  private final InMemorySpanExporter spans;
  private final InMemoryLogRecordExporter logs;
  private final InMemoryMetricReader metrics;

  private Pipelines(
      OpenTelemetry otel,
      OpenTelemetrySdk sdk,
      InMemorySpanExporter spans,
      InMemoryLogRecordExporter logs,
      InMemoryMetricReader metrics) {
    this.otel = otel;
    this.sdk = sdk;
    this.spans = spans;
    this.logs = logs;
    this.metrics = metrics;
  }

  public static Pipelines noop() {
    return new Pipelines(OpenTelemetry.noop(), null, null, null, null);
  }

  public static Pipelines create(TelemetrySettings s) {
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, s.serviceName())));
    SdkTracerProviderBuilder tracer = SdkTracerProvider.builder().setResource(resource).setSampler(sampler(s));
    SdkMeterProviderBuilder meter = SdkMeterProvider.builder().setResource(resource);
    SdkLoggerProviderBuilder logger = SdkLoggerProvider.builder().setResource(resource);
    InMemorySpanExporter spans = null;
    InMemoryLogRecordExporter logs = null;
    InMemoryMetricReader metrics = null;
    if (s.protocol() == Protocol.IN_MEMORY) {
      spans = InMemorySpanExporter.create();
      logs = InMemoryLogRecordExporter.create();
      metrics = InMemoryMetricReader.create();
      tracer.addSpanProcessor(SimpleSpanProcessor.create(spans));
      logger.addLogRecordProcessor(SimpleLogRecordProcessor.create(logs));
      meter.registerMetricReader(metrics);
    } else if (!s.endpoint().isEmpty()) {
      tracer.addSpanProcessor(BatchSpanProcessor.builder(spanExporter(s)).build());
      logger.addLogRecordProcessor(BatchLogRecordProcessor.builder(logExporter(s)).build());
      meter.registerMetricReader(PeriodicMetricReader.builder(metricExporter(s)).setInterval(s.metricExportInterval()).build());
    }
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracer.build())
            .setMeterProvider(meter.build())
            .setLoggerProvider(logger.build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    return new Pipelines(sdk, sdk, spans, logs, metrics);
  }

  /**
   * 0 turns recording off entirely, as Dapr's {@code samplingRate: "0"} does; otherwise a sampling
   * decision that arrives with the caller's traceparent is kept and new traces are sampled by ratio.
   */
  static Sampler sampler(TelemetrySettings s) {
    if (s.samplingRatio() <= 0) {
      return Sampler.alwaysOff();
    }
    return Sampler.parentBased(s.samplingRatio() >= 1 ? Sampler.alwaysOn() : Sampler.traceIdRatioBased(s.samplingRatio()));
  }

  private static SpanExporter spanExporter(TelemetrySettings s) {
    if (s.protocol() == Protocol.GRPC) {
      return OtlpGrpcSpanExporter.builder().setEndpoint(s.endpointUrl()).setTimeout(s.exportTimeout()).build();
    }
    return OtlpHttpSpanExporter.builder().setEndpoint(s.endpointUrl() + "/v1/traces").setTimeout(s.exportTimeout()).build();
  }

  private static LogRecordExporter logExporter(TelemetrySettings s) {
    if (s.protocol() == Protocol.GRPC) {
      return OtlpGrpcLogRecordExporter.builder().setEndpoint(s.endpointUrl()).setTimeout(s.exportTimeout()).build();
    }
    return OtlpHttpLogRecordExporter.builder().setEndpoint(s.endpointUrl() + "/v1/logs").setTimeout(s.exportTimeout()).build();
  }

  private static MetricExporter metricExporter(TelemetrySettings s) {
    if (s.protocol() == Protocol.GRPC) {
      return OtlpGrpcMetricExporter.builder().setEndpoint(s.endpointUrl()).setTimeout(s.exportTimeout()).build();
    }
    return OtlpHttpMetricExporter.builder().setEndpoint(s.endpointUrl() + "/v1/metrics").setTimeout(s.exportTimeout()).build();
  }

  public boolean enabled() {
    return sdk != null;
  }

  public OpenTelemetry openTelemetry() {
    return otel;
  }

  public boolean flush(Duration timeout) {
    if (sdk == null) {
      return true;
    }
    CompletableResultCode all =
        CompletableResultCode.ofAll(
            List.of(
                sdk.getSdkTracerProvider().forceFlush(),
                sdk.getSdkLoggerProvider().forceFlush(),
                sdk.getSdkMeterProvider().forceFlush()));
    return all.join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
  }

  public List<SpanData> finishedSpans() {
    return spans == null ? List.of() : spans.getFinishedSpanItems();
  }

  public List<LogRecordData> finishedLogs() {
    return logs == null ? List.of() : logs.getFinishedLogRecordItems();
  }

  public Collection<MetricData> collectMetrics() {
    return metrics == null ? List.of() : metrics.collectAllMetrics();
  }

  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
