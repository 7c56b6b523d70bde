package io.capa.benchmarks.capnp;

import io.capa.benchmarks.capnp.model.Fixtures;
import io.capa.benchmarks.capnp.wire.WireCarSales;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.Packing;
import io.capa.capnp.wire.ReaderOptions;
import java.nio.ByteBuffer;

/**
 * Prints the serialized size of every benchmark message per library, and the byte counts
 * the MB/s figures of {@link PackingBenchmark} and {@link FramingBenchmark} divide by,
 * as {@code key value} lines (read by {@code report.py}).
 */
public final class MessageSizes {
  private MessageSizes() {
  }

  public static void main(String[] args) {
    for (String message : Cases.MESSAGES) {
      for (String library : Cases.LIBRARIES) {
        System.out.println("size." + message + "." + library + " " + Cases.of(message, library).build().length);
      }
    }
    byte[] carSales = new WireCarSales().buildAndSerialize(Fixtures.carSales());
    System.out.println("packing.unpackedBytes " + carSales.length);
    System.out.println("packing.packedBytes "
        + Packing.pack(Framing.read(ByteBuffer.wrap(carSales), ReaderOptions.DEFAULT)).length);
    System.out.println("framing.streamBytes " + (long) carSales.length * FramingBenchmark.MESSAGES);
    System.out.println("framing.messages " + FramingBenchmark.MESSAGES);
    System.out.println("eval.nodes " + Fixtures.size(Fixtures.expression()));
  }
}
