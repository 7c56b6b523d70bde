package io.capa.benchmarks.capnp.cj;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.capnproto.ArrayOutputStream;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.Serialize;

/** Framing with capnproto-java's own stream API, to and from byte arrays. */
final class CjIo {
  private CjIo() {
  }

  static byte[] toBytes(MessageBuilder message) {
    ByteBuffer out = ByteBuffer.allocate((int) Serialize.computeSerializedSizeInWords(message) * 8);
    try {
      Serialize.write(new ArrayOutputStream(out), message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.array();
  }

  static MessageReader read(byte[] bytes) {
    try {
      return Serialize.read(ByteBuffer.wrap(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
