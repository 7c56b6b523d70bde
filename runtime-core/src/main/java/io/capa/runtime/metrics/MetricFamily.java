package io.capa.runtime.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** INTERNAL API: the families behind {@link MetricsRegistry}, and their text exposition. */
abstract class MetricFamily {
  final String name;
  final String help;
  final List<String> labelNames;

  MetricFamily(String name, String help, String[] labelNames) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("invalid metric name: " + name);
    }
    this.name = name;
    this.help = help;
    this.labelNames = List.of(labelNames);
  }

  List<String> labelNames() {
    return labelNames;
  }

  abstract String type();

  abstract void writeSamples(StringBuilder out);

  final void writeTo(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type()).append('\n');
    writeSamples(out);
  }

  /** Children keyed by their label values; the key is a list so that it has value equality. */
  abstract static class Labelled<C> extends MetricFamily {
    final Map<List<String>, C> children = new ConcurrentHashMap<>();
    private final Function<List<String>, C> factory;

    Labelled(String name, String help, String[] labelNames, Function<List<String>, C> factory) {
      super(name, help, labelNames);
      this.factory = factory;
    }

    C child(String... values) {
      if (values.length != labelNames.size()) {
        throw new IllegalArgumentException(
            name + " takes labels " + labelNames + ", got " + Arrays.toString(values));
      }
      List<String> key = List.of(values);
      C c = children.get(key);
      return c != null ? c : children.computeIfAbsent(key, factory);
    }

    void labels(StringBuilder out, List<String> values, String extraName, String extraValue) {
      if (values.isEmpty() && extraName == null) {
        return;
      }
      out.append('{');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(labelNames.get(i)).append("=\"").append(escape(values.get(i))).append('"');
      }
      if (extraName != null) {
        if (!values.isEmpty()) {
          out.append(',');
        }
        out.append(extraName).append("=\"").append(extraValue).append('"');
      }
      out.append('}');
    }

    private static String escape(String v) {
      return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
  }

  static final class CounterFamily extends Labelled<CounterFamily.Child> implements Counter {
    CounterFamily(String name, String help, String[] labelNames) {
      super(name, help, labelNames, k -> new Child());
    }

    @Override
    String type() {
      return "counter";
    }

    @Override
    public Counter.Child labels(String... labelValues) {
      return child(labelValues);
    }

    @Override
    void writeSamples(StringBuilder out) {
      children.forEach(
          (k, c) -> {
            out.append(name);
            labels(out, k, null, null);
            out.append(' ').append(c.value()).append('\n');
          });
    }

    static final class Child implements Counter.Child {
      private final LongAdder adder = new LongAdder();

      @Override
      public void inc() {
        adder.increment();
      }

      @Override
      public void inc(long amount) {
        adder.add(amount);
      }

      @Override
      public long value() {
        return adder.sum();
      }
    }
  }

  static final class GaugeFamily extends Labelled<GaugeFamily.Child> implements Gauge {
    GaugeFamily(String name, String help, String[] labelNames) {
      super(name, help, labelNames, k -> new Child());
    }

    @Override
    String type() {
      return "gauge";
    }

    @Override
    public Gauge.Child labels(String... labelValues) {
      return child(labelValues);
    }

    @Override
    void writeSamples(StringBuilder out) {
      children.forEach(
          (k, c) -> {
            out.append(name);
            labels(out, k, null, null);
            out.append(' ').append(c.value()).append('\n');
          });
    }

    static final class Child implements Gauge.Child {
      private final AtomicLong value = new AtomicLong();

      @Override
      public void set(long v) {
        value.set(v);
      }

      @Override
      public void add(long delta) {
        value.addAndGet(delta);
      }

      @Override
      public long value() {
        return value.get();
      }
    }
  }

  static final class FunctionGauge extends MetricFamily {
    private final LongSupplier supplier;

    FunctionGauge(String name, String help, LongSupplier supplier) {
      super(name, help, new String[0]);
      this.supplier = supplier;
    }

    @Override
    String type() {
      return "gauge";
    }

    @Override
    void writeSamples(StringBuilder out) {
      out.append(name).append(' ').append(supplier.getAsLong()).append('\n');
    }
  }

  static final class HistogramFamily extends Labelled<HistogramFamily.Child> implements Histogram {
    /** Upper bounds in seconds: 100 µs to 10 s, roughly ×2.5 apart, enough to see a p99 move. */
    static final double[] BOUNDS = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private static final long[] BOUNDS_NANOS = Arrays.stream(BOUNDS).mapToLong(b -> (long) (b * 1e9)).toArray();
    /** Bucket labels as plain decimals ("0.0001", not "1.0E-4"), as Prometheus clients write them. */
    private static final String[] BOUND_LABELS =
        Arrays.stream(BOUNDS)
            .mapToObj(b -> new java.math.BigDecimal(Double.toString(b)).stripTrailingZeros().toPlainString())
            .toArray(String[]::new);

    HistogramFamily(String name, String help, String[] labelNames) {
      super(name, help, labelNames, k -> new Child());
    }

    @Override
    String type() {
      return "histogram";
    }

    @Override
    public Histogram.Child labels(String... labelValues) {
      return child(labelValues);
    }

    @Override
    void writeSamples(StringBuilder out) {
      children.forEach(
          (k, c) -> {
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
              cumulative += c.buckets[i].sum();
              out.append(name).append("_bucket");
              labels(out, k, "le", BOUND_LABELS[i]);
              out.append(' ').append(cumulative).append('\n');
            }
            cumulative += c.buckets[BOUNDS.length].sum();
            out.append(name).append("_bucket");
            labels(out, k, "le", "+Inf");
            out.append(' ').append(cumulative).append('\n');
            out.append(name).append("_sum");
            labels(out, k, null, null);
            out.append(' ')
                .append(java.math.BigDecimal.valueOf(c.sumNanos.sum()).movePointLeft(9).stripTrailingZeros().toPlainString())
                .append('\n');
            out.append(name).append("_count");
            labels(out, k, null, null);
            out.append(' ').append(cumulative).append('\n');
          });
    }

    static final class Child implements Histogram.Child {
      final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
      final LongAdder sumNanos = new LongAdder();

      Child() {
        for (int i = 0; i < buckets.length; i++) {
          buckets[i] = new LongAdder();
        }
      }

      @Override
      public void observeNanos(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
          i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
      }

      @Override
      public long count() {
        long n = 0;
        for (LongAdder b : buckets) {
          n += b.sum();
        }
        return n;
      }
    }
  }
}
