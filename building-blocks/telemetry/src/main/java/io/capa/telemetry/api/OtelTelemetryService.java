package io.capa.telemetry.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.telemetry.LogRecord;
import io.capa.api.telemetry.MetricKind;
import io.capa.api.telemetry.MetricPoint;
import io.capa.api.telemetry.TelemetryService;
import io.capa.api.telemetry.TraceContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * {@link TelemetryService} on OpenTelemetry: log records go to the logs bridge, metric points to
 * instruments of the kind they name, both exported with the runtime's own pipeline ({@link
 * Telemetry}). A call is checked whole before anything is recorded, so a refused call records
 * nothing. Recording only hands data to the SDK's buffers; the stage is complete when it returns.
 *
 * <p>Limits, each refused with {@code INVALID_REQUEST} naming what was wrong: {@value
 * #MAX_ITEMS} records or points per call, {@value #MAX_ATTRIBUTES} attributes each, keys of
 * printable ASCII up to {@value #MAX_KEY_LENGTH} characters, values up to {@value
 * #MAX_VALUE_LENGTH}, log bodies up to {@value #MAX_BODY_LENGTH} characters, {@value #MAX_METRICS}
 * metric names, and a metric name keeps its first kind and unit.
 */
public final class OtelTelemetryService implements TelemetryService {
  public static final int MAX_ITEMS = 1000;
  public static final int MAX_ATTRIBUTES = 32;
  public static final int MAX_KEY_LENGTH = 255;
  public static final int MAX_VALUE_LENGTH = 4096;
  public static final int MAX_BODY_LENGTH = 64 * 1024;
  public static final int MAX_METRICS = 1000;

  private static final Pattern KEY = Pattern.compile("[!-~]{1," + MAX_KEY_LENGTH + "}");

  /** One application metric: its kind and unit are fixed by its first point. */
  private record Instrument(MetricKind kind, String unit, BiConsumer<Double, Attributes> record) {}

  private final Meter meter;
  private final Logger logger;
  private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();

  /** Records under the instrumentation scope {@code io.capa.app}, the application's own data. */
  public OtelTelemetryService(Telemetry telemetry) {
    Objects.requireNonNull(telemetry, "telemetry");
    this.meter = telemetry.openTelemetry().getMeter("io.capa.app");
    this.logger = telemetry.openTelemetry().getLogsBridge().get("io.capa.app");
  }

  @Override
  public CompletionStage<Void> emitLogs(List<LogRecord> records) {
    try {
      checkList(records, "log records");
      for (int i = 0; i < records.size(); i++) {
        LogRecord r = records.get(i);
        if (r == null) {
          throw invalid("log record " + i + " is null");
        }
        checkAttributes(r.attributes(), "log record " + i);
        if (r.body().length() > MAX_BODY_LENGTH) {
          throw invalid("log record " + i + " has a body of " + r.body().length() + " characters, over " + MAX_BODY_LENGTH);
        }
      }
      for (LogRecord r : records) {
        emit(r);
      }
      return CompletableFuture.completedFuture(null);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Void> recordMetrics(List<MetricPoint> points) {
    try {
      checkList(points, "metric points");
      Instrument[] resolved = new Instrument[points.size()];
      for (int i = 0; i < points.size(); i++) {
        MetricPoint p = points.get(i);
        if (p == null) {
          throw invalid("metric point " + i + " is null");
        }
        checkAttributes(p.attributes(), "metric '" + p.name() + "'");
        if (!Double.isFinite(p.value())) {
          throw invalid("metric '" + p.name() + "' has a value that is not finite: " + p.value());
        }
        resolved[i] = instrument(p);
      }
      for (int i = 0; i < points.size(); i++) {
        resolved[i].record().accept(points.get(i).value(), attributes(points.get(i).attributes()));
      }
      return CompletableFuture.completedFuture(null);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void emit(LogRecord r) {
    LogRecordBuilder b =
        logger
            .logRecordBuilder()
            .setTimestamp(r.timestamp())
            .setSeverity(severity(r.severity()))
            .setSeverityText(r.severity().name())
            .setBody(r.body())
            .setAllAttributes(attributes(r.attributes()));
    if (r.trace().isPresent()) {
      TraceContext t = r.trace().get();
      SpanContext parent =
          SpanContext.createFromRemoteParent(
              t.traceId(), t.spanId(), t.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
      b.setContext(Context.root().with(Span.wrap(parent)));
    }
    b.emit();
  }

  private Instrument instrument(MetricPoint p) {
    Instrument existing = instruments.get(p.name());
    if (existing == null) {
      if (instruments.size() >= MAX_METRICS) {
        throw invalid("at most " + MAX_METRICS + " metric names are kept; '" + p.name() + "' would be one more");
      }
      existing = instruments.computeIfAbsent(p.name(), n -> create(p));
    }
    if (existing.kind() != p.kind() || !existing.unit().equals(p.unit())) {
      throw invalid(
          "metric '" + p.name() + "' is a " + existing.kind() + " in '" + existing.unit() + "'; a point cannot make it a "
              + p.kind() + " in '" + p.unit() + "'");
    }
    return existing;
  }

  private Instrument create(MetricPoint p) {
    String name = p.name();
    String unit = p.unit();
    switch (p.kind()) {
      case COUNTER: {
        var counter = meter.counterBuilder(name).setUnit(unit).ofDoubles().build();
        return new Instrument(p.kind(), unit, counter::add);
      }
      case UP_DOWN_COUNTER: {
        var counter = meter.upDownCounterBuilder(name).setUnit(unit).ofDoubles().build();
        return new Instrument(p.kind(), unit, counter::add);
      }
      case GAUGE: {
        var gauge = meter.gaugeBuilder(name).setUnit(unit).build();
        return new Instrument(p.kind(), unit, gauge::set);
      }
      case HISTOGRAM: {
        var histogram = meter.histogramBuilder(name).setUnit(unit).build();
        return new Instrument(p.kind(), unit, histogram::record);
      }
      default:
        throw new IllegalStateException("unknown metric kind " + p.kind());
    }
  }

  private static void checkList(List<?> items, String what) {
    if (items == null) {
      throw invalid("the list of " + what + " is missing");
    }
    if (items.size() > MAX_ITEMS) {
      throw invalid(items.size() + " " + what + " in one call, over the limit of " + MAX_ITEMS);
    }
  }

  private static void checkAttributes(Map<String, String> attributes, String owner) {
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw invalid(owner + " has " + attributes.size() + " attributes, over the limit of " + MAX_ATTRIBUTES);
    }
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (!KEY.matcher(e.getKey()).matches()) {
        throw invalid(owner + " has an attribute key that is not 1 to " + MAX_KEY_LENGTH
            + " printable ASCII characters without spaces: \"" + e.getKey() + "\"");
      }
      if (e.getValue().length() > MAX_VALUE_LENGTH) {
        throw invalid(owner + " attribute '" + e.getKey() + "' has a value over " + MAX_VALUE_LENGTH + " characters");
      }
    }
  }

  private static Attributes attributes(Map<String, String> map) {
    if (map.isEmpty()) {
      return Attributes.empty();
    }
    AttributesBuilder b = Attributes.builder();
    map.forEach(b::put);
    return b.build();
  }

  private static io.opentelemetry.api.logs.Severity severity(io.capa.api.telemetry.Severity s) {
    switch (s) {
      case TRACE:
        return io.opentelemetry.api.logs.Severity.TRACE;
      case DEBUG:
        return io.opentelemetry.api.logs.Severity.DEBUG;
      case INFO:
        return io.opentelemetry.api.logs.Severity.INFO;
      case WARN:
        return io.opentelemetry.api.logs.Severity.WARN;
      case ERROR:
        return io.opentelemetry.api.logs.Severity.ERROR;
      default:
        return io.opentelemetry.api.logs.Severity.FATAL;
    }
  }

  private static CapaException invalid(String message) {
    return new CapaException(ErrorCode.INVALID_REQUEST, message);
  }
}
