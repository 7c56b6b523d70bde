package io.capa.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.runtime.testkit.PrometheusText;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
  private final MetricsRegistry registry = new MetricsRegistry();

  @Test
  void counter_exposesHelpTypeAndOneSamplePerLabelSet() {
    Counter c = registry.counter("jobs_total", "Jobs run", "queue", "outcome");
    c.labels("fast", "ok").inc();
    c.labels("fast", "ok").inc(4);
    c.labels("slow", "failed").inc();

    String text = registry.scrape();
    PrometheusText parsed = PrometheusText.parse(text);

    assertThat(text).contains("# HELP jobs_total Jobs run\n", "# TYPE jobs_total counter\n");
    assertThat(parsed.value("jobs_total", Map.of("queue", "fast", "outcome", "ok"))).isEqualTo(5);
    assertThat(parsed.value("jobs_total", Map.of("queue", "slow", "outcome", "failed"))).isEqualTo(1);
    assertThat(c.labels("fast", "ok").value()).isEqualTo(5);
  }

  @Test
  void gauge_setsAndAdds() {
    Gauge g = registry.gauge("queue_depth", "Items waiting", "queue");
    g.labels("a").set(10);
    g.labels("a").add(-3);

    assertThat(PrometheusText.parse(registry.scrape()).value("queue_depth", Map.of("queue", "a"))).isEqualTo(7);
    assertThat(PrometheusText.parse(registry.scrape()).types).containsEntry("queue_depth", "gauge");
  }

  @Test
  void gaugeFunction_isReadAtEachScrape() {
    AtomicLong live = new AtomicLong(3);
    registry.gaugeFunction("live_things", "Things alive", live::get);

    assertThat(PrometheusText.parse(registry.scrape()).value("live_things", Map.of())).isEqualTo(3);
    live.set(8);
    assertThat(PrometheusText.parse(registry.scrape()).value("live_things", Map.of())).isEqualTo(8);
  }

  @Test
  void histogram_bucketsAreCumulativeWithSumAndCount() {
    Histogram h = registry.histogram("op_seconds", "Operation latency", "op");
    long[] nanos = {50_000L, 1_000_000L, 3_000_000L, 20_000_000_000L};
    for (long n : nanos) {
      h.labels("read").observeNanos(n);
    }

    PrometheusText parsed = PrometheusText.parse(registry.scrape());

    assertThat(parsed.types).containsEntry("op_seconds", "histogram");
    double previous = 0;
    int buckets = 0;
    for (PrometheusText.Sample s : parsed.samples) {
      if (!s.name().equals("op_seconds_bucket")) {
        continue;
      }
      buckets++;
      double le = s.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s.labels().get("le"));
      long expected = java.util.Arrays.stream(nanos).filter(n -> n / 1e9 <= le).count();
      assertThat(s.value()).as("bucket le=%s", le).isEqualTo(expected).isGreaterThanOrEqualTo(previous);
      previous = s.value();
    }
    assertThat(buckets).isGreaterThan(2);
    assertThat(parsed.value("op_seconds_bucket", Map.of("op", "read", "le", "+Inf"))).isEqualTo(nanos.length);
    assertThat(parsed.value("op_seconds_count", Map.of("op", "read"))).isEqualTo(nanos.length);
    assertThat(parsed.value("op_seconds_sum", Map.of("op", "read")))
        .isCloseTo(java.util.Arrays.stream(nanos).sum() / 1e9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(h.labels("read").count()).isEqualTo(nanos.length);
  }

  @Test
  void labels_wrongNumberOfValues_fails() {
    Counter c = registry.counter("x_total", "x", "a", "b");

    assertThatThrownBy(() -> c.labels("only-one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x_total takes labels [a, b]");
  }

  @Test
  void register_sameNameOtherLabels_fails() {
    registry.counter("y_total", "y", "a");

    assertThatThrownBy(() -> registry.counter("y_total", "y", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered with labels [a]");
  }

  @Test
  void register_sameNameSameLabels_sharesTheFamily() {
    registry.counter("z_total", "z", "a").labels("1").inc();
    registry.counter("z_total", "z", "a").labels("1").inc();

    assertThat(registry.counter("z_total", "z", "a").labels("1").value()).isEqualTo(2);
  }

  /** Regression: asking for a gauge under a counter's name used to throw ClassCastException. */
  @Test
  void register_sameNameOtherKind_failsWithIllegalArgument() {
    registry.counter("w_total", "w", "a");

    assertThatThrownBy(() -> registry.gauge("w_total", "w", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered as a counter");
    assertThatThrownBy(() -> registry.histogram("w_total", "w", "a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void register_invalidName_fails() {
    assertThatThrownBy(() -> registry.counter("bad-name", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelValues_areEscaped() {
    String tricky = "a \"quoted\" back\\slash\nnewline";
    registry.counter("esc_total", "Help with \\ and\nnewline", "v").labels(tricky).inc();

    String text = registry.scrape();
    PrometheusText parsed = PrometheusText.parse(text);

    assertThat(parsed.value("esc_total", Map.of("v", tricky))).isEqualTo(1);
    assertThat(text).contains("# HELP esc_total Help with \\\\ and\\nnewline\n");
  }

  @Test
  void scrape_keepsRegistrationOrder() {
    registry.counter("b_total", "b").labels().inc();
    registry.counter("a_total", "a").labels().inc();

    String text = registry.scrape();
    assertThat(text.indexOf("# TYPE b_total")).isLessThan(text.indexOf("# TYPE a_total"));
  }

  @Test
  void histogram_bucketLabels_arePlainDecimals() {
    MetricsRegistry r = new MetricsRegistry();
    r.histogram("t_seconds", "t").labels().observeNanos(50_000);
    assertThat(r.scrape())
        .contains("t_seconds_bucket{le=\"0.0001\"} 1")
        .contains("t_seconds_bucket{le=\"10\"} 1")
        .doesNotContain("E-");
  }
}
