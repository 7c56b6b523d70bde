package io.capa.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.runtime.metrics.Histogram;
import io.capa.runtime.metrics.MetricsRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapeTest {
  @Test
  void value_readsLabelledAndUnlabelledSamples() {
    MetricsRegistry m = new MetricsRegistry();
    m.counter("fired_total", "help", "actor_type").labels("Ticker").inc(7);
    m.counter("fired_total", "help", "actor_type").labels("Other").inc(2);
    m.gauge("registered", "help").labels().set(42);
    String text = m.scrape();

    assertThat(Scrape.value(text, "fired_total", "actor_type=\"Ticker\"")).isEqualTo(7);
    assertThat(Scrape.value(text, "fired_total", "actor_type=\"Other\"")).isEqualTo(2);
    assertThat(Scrape.value(text, "registered", "")).isEqualTo(42);
    assertThat(Scrape.value(text, "missing", "")).isZero();
  }

  @Test
  void quantileBound_usesOnlySamplesBetweenTwoScrapes() {
    MetricsRegistry m = new MetricsRegistry();
    Histogram.Child h = m.histogram("late_seconds", "help", "actor_type").labels("T");
    for (int i = 0; i < 1000; i++) {
      h.observeNanos(5_000_000_000L); // before the window: 5 s
    }
    String before = m.scrape();
    for (int i = 0; i < 990; i++) {
      h.observeNanos(200_000L); // 0.2 ms
    }
    for (int i = 0; i < 10; i++) {
      h.observeNanos(40_000_000L); // 40 ms
    }
    String after = m.scrape();
    List<Scrape.Bucket> b0 = Scrape.buckets(before, "late_seconds", "actor_type=\"T\"");
    List<Scrape.Bucket> b1 = Scrape.buckets(after, "late_seconds", "actor_type=\"T\"");

    assertThat(Scrape.quantileBound(b0, b1, 0.99)).isEqualTo(0.00025);
    assertThat(Scrape.quantileBound(b0, b1, 0.999)).isEqualTo(0.05);
    assertThat(Scrape.quantileBound(b1, b1, 0.99)).isNaN();
  }
}
