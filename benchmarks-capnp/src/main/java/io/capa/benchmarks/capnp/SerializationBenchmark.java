package io.capa.benchmarks.capnp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Build + serialize, and read + traverse, for each message and library side by side.
 * Each (message, library) pair runs in its own fork, so the codec call sites stay
 * monomorphic as they would be in an application using one library.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SerializationBenchmark {
  @Param({"carsales", "catrank", "eval"})
  public String message;

  @Param({"capnp-wire", "capnproto-java", "protobuf"})
  public String library;

  private Cases.Bound<?> bound;
  private byte[] serialized;

  @Setup
  public void setUp() {
    bound = Cases.of(message, library);
    serialized = bound.build();
    long got = bound.read(serialized);
    if (got != bound.expected()) {
      throw new IllegalStateException(library + " read " + got + " from " + message + ", model says " + bound.expected());
    }
  }

  @Benchmark
  public byte[] buildSerialize() {
    return bound.build();
  }

  @Benchmark
  public long readTraverse() {
    return bound.read(serialized);
  }
}
