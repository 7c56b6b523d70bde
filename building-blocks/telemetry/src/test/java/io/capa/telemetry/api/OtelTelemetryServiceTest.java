package io.capa.telemetry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.telemetry.LogRecord;
import io.capa.api.telemetry.MetricKind;
import io.capa.api.telemetry.MetricPoint;
import io.capa.api.telemetry.Severity;
import io.capa.api.telemetry.TraceContext;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtelTelemetryServiceTest {
  private final Telemetry telemetry = Telemetry.create(TelemetrySettings.inMemory("orders", 1.0));
  private final OtelTelemetryService service = new OtelTelemetryService(telemetry);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void emitLogs_withTraceContext_recordsTheLogInThatTrace() {
    TraceContext trace = new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true, "");
    LogRecord record =
        new LogRecord(Instant.parse("2026-01-02T03:04:05Z"), Severity.WARN, "disk almost full", Map.of("disk", "sda"),
            Optional.of(trace));

    service.emitLogs(List.of(record)).toCompletableFuture().join();

    LogRecordData data = telemetry.finishedLogs().get(0);
    assertThat(data.getBodyValue().asString()).isEqualTo("disk almost full");
    assertThat(data.getSeverity()).isEqualTo(io.opentelemetry.api.logs.Severity.WARN);
    assertThat(data.getTimestampEpochNanos()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli() * 1_000_000L);
    assertThat(data.getSpanContext().getTraceId()).isEqualTo(trace.traceId());
    assertThat(data.getSpanContext().getSpanId()).isEqualTo(trace.spanId());
    assertThat(data.getAttributes().asMap().toString()).contains("disk=sda");
  }

  @Test
  void recordMetrics_eachKind_becomesItsInstrument() {
    service.recordMetrics(List.of(
        MetricPoint.of("orders.placed", MetricKind.COUNTER, 2, ""),
        MetricPoint.of("orders.placed", MetricKind.COUNTER, 3, ""),
        MetricPoint.of("queue.length", MetricKind.UP_DOWN_COUNTER, -4, ""),
        MetricPoint.of("cpu.temperature", MetricKind.GAUGE, 61.5, "Cel"),
        MetricPoint.of("checkout.latency", MetricKind.HISTOGRAM, 12, "ms"),
        MetricPoint.of("checkout.latency", MetricKind.HISTOGRAM, 30, "ms")))
        .toCompletableFuture().join();

    Map<String, MetricData> byName = new HashMap<>();
    for (MetricData m : telemetry.collectMetrics()) {
      byName.put(m.getName(), m);
    }
    assertThat(byName.get("orders.placed").getDoubleSumData().getPoints().iterator().next().getValue()).isEqualTo(5.0);
    assertThat(byName.get("queue.length").getDoubleSumData().getPoints().iterator().next().getValue()).isEqualTo(-4.0);
    assertThat(byName.get("cpu.temperature").getDoubleGaugeData().getPoints().iterator().next().getValue()).isEqualTo(61.5);
    assertThat(byName.get("cpu.temperature").getUnit()).isEqualTo("Cel");
    var histogram = byName.get("checkout.latency").getHistogramData().getPoints().iterator().next();
    assertThat(histogram.getCount()).isEqualTo(2);
    assertThat(histogram.getSum()).isEqualTo(42.0);
  }

  @Test
  void recordMetrics_tooManyAttributes_isInvalidAndRecordsNothing() {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i <= OtelTelemetryService.MAX_ATTRIBUTES; i++) {
      attributes.put("a" + i, "v");
    }
    List<MetricPoint> points = List.of(
        MetricPoint.of("fine", MetricKind.COUNTER, 1, ""),
        new MetricPoint("wide", MetricKind.COUNTER, 1, "", attributes, Instant.now()));

    CapaException e = failure(service.recordMetrics(points));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.getMessage()).contains("'wide'", "33 attributes", "limit of 32");
    assertThat(telemetry.collectMetrics()).isEmpty();
  }

  @Test
  void recordMetrics_nameChangingKindOrUnit_isInvalid() {
    service.recordMetrics(List.of(MetricPoint.of("jobs", MetricKind.COUNTER, 1, ""))).toCompletableFuture().join();

    CapaException kind = failure(service.recordMetrics(List.of(MetricPoint.of("jobs", MetricKind.GAUGE, 1, ""))));
    CapaException unit = failure(service.recordMetrics(List.of(MetricPoint.of("jobs", MetricKind.COUNTER, 1, "ms"))));

    assertThat(kind.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(kind.getMessage()).contains("'jobs' is a COUNTER", "GAUGE");
    assertThat(unit.getMessage()).contains("in 'ms'");
  }

  @Test
  void recordMetrics_garbage_isRefusedWithWhatWasWrong() {
    assertThatThrownBy(() -> MetricPoint.of("1bad name", MetricKind.COUNTER, 1, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1bad name");
    assertThatThrownBy(() -> MetricPoint.of("ok", MetricKind.GAUGE, Double.NaN, ""))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> MetricPoint.of("ok", MetricKind.COUNTER, -1, ""))
        .hasMessageContaining("negative");
    assertThat(failure(service.recordMetrics(null)).getMessage()).contains("missing");
    List<MetricPoint> withNull = new ArrayList<>();
    withNull.add(null);
    assertThat(failure(service.recordMetrics(withNull)).getMessage()).contains("metric point 0 is null");
    MetricPoint badKey =
        new MetricPoint("ok", MetricKind.COUNTER, 1, "", Map.of("has space", "v"), Instant.now());
    assertThat(failure(service.recordMetrics(List.of(badKey))).getMessage()).contains("\"has space\"");
    List<MetricPoint> many = new ArrayList<>();
    for (int i = 0; i <= OtelTelemetryService.MAX_ITEMS; i++) {
      many.add(MetricPoint.of("m", MetricKind.COUNTER, 1, ""));
    }
    assertThat(failure(service.recordMetrics(many)).getMessage()).contains("1001 metric points");
    // The service keeps serving after garbage.
    service.recordMetrics(List.of(MetricPoint.of("after", MetricKind.COUNTER, 1, ""))).toCompletableFuture().join();
    assertThat(telemetry.collectMetrics()).extracting(MetricData::getName).contains("after");
  }

  @Test
  void emitLogs_garbage_isRefusedAndRecordsNothing() {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i <= OtelTelemetryService.MAX_ATTRIBUTES; i++) {
      attributes.put("a" + i, "v");
    }
    LogRecord wide = new LogRecord(Instant.now(), Severity.INFO, "x", attributes, Optional.empty());
    LogRecord huge = LogRecord.of(Severity.INFO, "x".repeat(OtelTelemetryService.MAX_BODY_LENGTH + 1));
    LogRecord longValue = new LogRecord(Instant.now(), Severity.INFO, "x",
        Map.of("k", "v".repeat(OtelTelemetryService.MAX_VALUE_LENGTH + 1)), Optional.empty());

    assertThat(failure(service.emitLogs(List.of(LogRecord.of(Severity.INFO, "fine"), wide))).getMessage())
        .contains("log record 1 has 33 attributes");
    assertThat(failure(service.emitLogs(List.of(huge))).getMessage()).contains("body of 65537 characters");
    assertThat(failure(service.emitLogs(List.of(longValue))).getMessage()).contains("attribute 'k'");
    assertThat(failure(service.emitLogs(null)).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(telemetry.finishedLogs()).isEmpty();
    service.emitLogs(List.of(LogRecord.of(Severity.INFO, "after"))).toCompletableFuture().join();
    assertThat(telemetry.finishedLogs()).hasSize(1);
  }

  @Test
  void noopTelemetry_acceptsAndDropsEverything() {
    OtelTelemetryService off = new OtelTelemetryService(Telemetry.noop());

    off.emitLogs(List.of(LogRecord.of(Severity.INFO, "x"))).toCompletableFuture().join();
    off.recordMetrics(List.of(MetricPoint.of("m", MetricKind.COUNTER, 1, ""))).toCompletableFuture().join();

    assertThat(failure(off.recordMetrics(null)).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  private static CapaException failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(CapaException.class);
      return (CapaException) e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }
}
