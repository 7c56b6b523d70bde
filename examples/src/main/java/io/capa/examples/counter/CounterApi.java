package io.capa.examples.counter;

/** The methods of the {@code Counter} actor type, callable by name over HTTP and through proxies. */
public interface CounterApi {
  /** Adds {@code by} (1 when absent) and returns the new value. */
  long increment(Long by);

  long get();
}
