package io.capa.api.telemetry;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Logs and metrics an application hands to the runtime, which exports them with its own (OTLP or
 * whatever is configured), so the application needs no exporter of its own. Trace context travels
 * with each request's metadata ({@link TraceContext}).
 *
 * <p>Telemetry must never slow the application down: when the export backlog is full, the runtime
 * drops records and counts them rather than holding the caller, so a completed stage means
 * "accepted", not "exported".
 */
public interface TelemetryService {
  CompletionStage<Void> emitLogs(List<LogRecord> records);

  CompletionStage<Void> recordMetrics(List<MetricPoint> points);
}
