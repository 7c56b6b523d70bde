package io.capa.benchmarks.capnp;

import io.capa.benchmarks.capnp.model.Fixtures;
import io.capa.benchmarks.capnp.wire.WireCarSales;
import io.capa.capnp.wire.CapnpFraming;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding a stream of {@link #MESSAGES} framed car-sales messages that arrives in chunks of
 * {@link #chunkBytes}: through the Pekko Streams stage ({@code CapnpFraming.decoder}) and,
 * as the baseline, the blocking reader over the same bytes. MB/s = {@link #streamBytes} / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FramingBenchmark {
  static final int MESSAGES = 256;

  /** Chunk size in bytes: small chunks split most segments, large ones keep them whole. */
  @Param({"1460", "65536"})
  public int chunkBytes;

  /** Total framed bytes of the stream; printed in setup. */
  public int streamBytes;

  private ActorSystem system;
  private List<ByteString> chunks;
  private byte[] stream;

  @Setup
  public void setUp() {
    system = ActorSystem.create("framing-bench");
    byte[] one = new WireCarSales().buildAndSerialize(Fixtures.carSales());
    stream = new byte[one.length * MESSAGES];
    for (int i = 0; i < MESSAGES; i++) {
      System.arraycopy(one, 0, stream, i * one.length, one.length);
    }
    streamBytes = stream.length;
    chunks = new ArrayList<>();
    for (int p = 0; p < stream.length; p += chunkBytes) {
      chunks.add(ByteString.fromArray(stream, p, Math.min(chunkBytes, stream.length - p)));
    }
    System.out.printf("framing stream: %d messages, %d bytes, %d chunks%n", MESSAGES, streamBytes, chunks.size());
  }

  @TearDown
  public void tearDown() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public long pekkoDecoder() throws InterruptedException, ExecutionException {
    long words = Source.from(chunks)
        .via(CapnpFraming.decoder(ReaderOptions.DEFAULT))
        .runWith(Sink.fold(0L, (acc, m) -> acc + rootPointers(m)), system)
        .toCompletableFuture()
        .get();
    if (words != (long) MESSAGES) {
      throw new IllegalStateException("decoded " + words + " roots, expected " + MESSAGES);
    }
    return words;
  }

  @Benchmark
  public long blockingReader() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(stream);
    long roots = 0;
    for (MessageReader m = Framing.read(in, ReaderOptions.DEFAULT); m != null; m = Framing.read(in, ReaderOptions.DEFAULT)) {
      roots += rootPointers(m);
    }
    return roots;
  }

  /** Touches each message (its root's pointer count is 1) so decoding cannot be skipped. */
  private static long rootPointers(MessageReader m) {
    return m.root().pointerCount();
  }
}
