package io.capa.runtime.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The metrics of one runtime node, exposed as Prometheus text. Metric families are created once and
 * looked up by name, so two components asking for the same family share it; asking again with other
 * label names is a programming error and fails fast.
 */
public final class MetricsRegistry {
  private final Map<String, MetricFamily> families = new ConcurrentHashMap<>();
  private final List<String> order = new ArrayList<>();

  public Counter counter(String name, String help, String... labelNames) {
    return (Counter) register(
        name, MetricFamily.CounterFamily.class, () -> new MetricFamily.CounterFamily(name, help, labelNames), labelNames);
  }

  public Gauge gauge(String name, String help, String... labelNames) {
    return (Gauge) register(
        name, MetricFamily.GaugeFamily.class, () -> new MetricFamily.GaugeFamily(name, help, labelNames), labelNames);
  }

  /** A gauge read when scraped, for values that another structure already holds. */
  public void gaugeFunction(String name, String help, LongSupplier value) {
    register(
        name, MetricFamily.FunctionGauge.class, () -> new MetricFamily.FunctionGauge(name, help, value), new String[0]);
  }

  public Histogram histogram(String name, String help, String... labelNames) {
    return (Histogram) register(
        name, MetricFamily.HistogramFamily.class, () -> new MetricFamily.HistogramFamily(name, help, labelNames), labelNames);
  }

  /** The Prometheus text exposition format, version 0.0.4. */
  public String scrape() {
    StringBuilder out = new StringBuilder(4096);
    List<String> names;
    synchronized (order) {
      names = List.copyOf(order);
    }
    for (String name : names) {
      families.get(name).writeTo(out);
    }
    return out.toString();
  }

  private MetricFamily register(
      String name,
      Class<? extends MetricFamily> kind,
      java.util.function.Supplier<MetricFamily> factory,
      String[] labelNames) {
    MetricFamily existing = families.get(name);
    if (existing == null) {
      synchronized (order) {
        existing = families.get(name);
        if (existing == null) {
          existing = factory.get();
          families.put(name, existing);
          order.add(name);
          return existing;
        }
      }
    }
    // Same name, other kind: fail with the documented error instead of a ClassCastException.
    if (!kind.isInstance(existing)) {
      throw new IllegalArgumentException("metric " + name + " already registered as a " + existing.type());
    }
    if (!List.of(labelNames).equals(existing.labelNames())) {
      throw new IllegalArgumentException(
          "metric " + name + " already registered with labels " + existing.labelNames());
    }
    return existing;
  }
}
