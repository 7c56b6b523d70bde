package io.capa.benchmarks.internal;

/** The one method of the benchmark actor {@link Echo}. */
public interface EchoApi {
  /** Returns its argument unchanged: the raw bytes pass through the codec untouched. */
  byte[] ping(byte[] payload);
}
