package io.capa.api.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryRecordsTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "1requests", "http requests", "latency%", "é"})
  void metricPoint_invalidName_namesMetricName(String name) {
    assertThatThrownBy(() -> MetricPoint.of(name, MetricKind.GAUGE, 1, "ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric name");
  }

  @Test
  void metricPoint_nameOf256Chars_rejected() {
    assertThatThrownBy(() -> MetricPoint.of("a".repeat(256), MetricKind.GAUGE, 1, null))
        .hasMessageContaining("metric name");
    assertThat(MetricPoint.of("a".repeat(255), MetricKind.GAUGE, 1, null).name()).hasSize(255);
  }

  @Test
  void metricPoint_negativeCounter_rejected() {
    assertThatThrownBy(() -> MetricPoint.of("orders.created", MetricKind.COUNTER, -1, null))
        .hasMessageContaining("negative");
    assertThat(MetricPoint.of("queue.depth", MetricKind.UP_DOWN_COUNTER, -1, null).value()).isEqualTo(-1);
  }

  @Test
  void metricPoint_nanValue_rejected() {
    assertThatThrownBy(() -> MetricPoint.of("latency", MetricKind.HISTOGRAM, Double.NaN, "ms"))
        .hasMessageContaining("finite");
  }

  @Test
  void logRecord_missingSeverity_namesSeverity() {
    assertThatThrownBy(() -> new LogRecord(Instant.EPOCH, null, "x", Map.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("severity");
  }

  @Test
  void logRecord_nulls_takeDefaults() {
    LogRecord r = new LogRecord(Instant.EPOCH, Severity.WARN, null, null, null);
    assertThat(r.body()).isEmpty();
    assertThat(r.attributes()).isEmpty();
    assertThat(r.trace()).isEmpty();
  }
}
