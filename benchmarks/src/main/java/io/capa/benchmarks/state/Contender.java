package io.capa.benchmarks.state;

import java.util.concurrent.CompletionStage;

/** One way of reading and writing state; caller {@code i} works on its own keys. */
interface Contender extends AutoCloseable {
  String name();

  /** Writes every key once, so that reads find values. */
  void fill() throws Exception;

  CompletionStage<?> get(int caller);

  CompletionStage<?> save(int caller);

  @Override
  default void close() throws Exception {}
}
