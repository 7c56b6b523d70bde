package io.capa.benchmarks.capnp;

import io.capa.benchmarks.capnp.model.Fixtures;
import io.capa.benchmarks.capnp.wire.WireCarSales;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.Packing;
import io.capa.capnp.wire.ReaderOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.capnproto.ArrayInputStream;
import org.capnproto.ArrayOutputStream;
import org.capnproto.SerializePacked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Packing and unpacking the framed car-sales message, capnp-wire against capnproto-java.
 * Both start from the same unpacked bytes (capnp-wire's encoding, which capnproto-java reads
 * as its own message), so MB/s = {@link #unpackedBytes} / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PackingBenchmark {
  /** Framed, unpacked size of the message; printed in setup for the MB/s figures. */
  public int unpackedBytes;

  private MessageReader wireMessage;
  private org.capnproto.MessageBuilder cjMessage;
  private byte[] wirePacked;
  private byte[] cjPacked;
  private ByteBuffer cjPackBuffer;

  @Setup
  public void setUp() throws IOException {
    byte[] framed = new WireCarSales().buildAndSerialize(Fixtures.carSales());
    unpackedBytes = framed.length;
    wireMessage = Framing.read(ByteBuffer.wrap(framed), ReaderOptions.DEFAULT);
    cjMessage = org.capnproto.MessageBuilder.unsafeConstructFromMessageReader(
        org.capnproto.Serialize.read(ByteBuffer.wrap(framed)));
    wirePacked = Packing.pack(wireMessage);
    cjPackBuffer = ByteBuffer.allocate(Packing.maxPackedSize(framed.length) + 64);
    cjPacked = cjPack();
    if (!Arrays.equals(wirePacked, cjPacked)) {
      throw new IllegalStateException("the two libraries packed the same message differently");
    }
    System.out.printf("car-sales message: %d bytes framed, %d bytes packed%n", unpackedBytes, wirePacked.length);
  }

  @Benchmark
  public byte[] wirePack() {
    return Packing.pack(wireMessage);
  }

  @Benchmark
  public MessageReader wireUnpack() {
    return Packing.unpack(ByteBuffer.wrap(wirePacked), ReaderOptions.DEFAULT);
  }

  @Benchmark
  public byte[] capnprotoJavaPack() throws IOException {
    return cjPack();
  }

  @Benchmark
  public org.capnproto.MessageReader capnprotoJavaUnpack() throws IOException {
    return SerializePacked.read(new ArrayInputStream(ByteBuffer.wrap(cjPacked)));
  }

  private byte[] cjPack() throws IOException {
    ArrayOutputStream out = new ArrayOutputStream(cjPackBuffer);
    SerializePacked.write(out, cjMessage);
    return Arrays.copyOf(cjPackBuffer.array(), out.getWriteBuffer().position());
  }
}
