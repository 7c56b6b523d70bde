package io.capa.runtime.metrics;

/** A monotonically increasing count, one child per label-value combination. */
public interface Counter {
  /** The child for these label values; cache it on hot paths, the lookup is a map access. */
  Child labels(String... labelValues);

  interface Child {
    void inc();

    void inc(long amount);

    long value();
  }
}
