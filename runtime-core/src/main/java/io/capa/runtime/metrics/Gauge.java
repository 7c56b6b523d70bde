package io.capa.runtime.metrics;

/** A value that goes up and down, one child per label-value combination. */
public interface Gauge {
  Child labels(String... labelValues);

  interface Child {
    void set(long value);

    void add(long delta);

    long value();
  }
}
