package io.capa.runtime.metrics;

/**
 * A latency distribution in seconds with fixed buckets, one child per label-value combination.
 * Recording is lock-free; the exposition reads cumulative bucket counts as Prometheus expects.
 */
public interface Histogram {
  Child labels(String... labelValues);

  interface Child {
    void observeNanos(long nanos);

    long count();
  }
}
