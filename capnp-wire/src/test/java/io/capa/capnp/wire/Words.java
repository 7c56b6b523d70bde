package io.capa.capnp.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-made wire words for malformed-input tests. */
final class Words {
  private Words() {
  }

  static long struct(int offset, int dataWords, int ptrCount) {
    return ((offset << 2) & 0xFFFFFFFFL) | ((long) dataWords << 32) | ((long) ptrCount << 48);
  }

  static long list(int offset, ElementSize size, long count) {
    return ((offset << 2) & 0xFFFFFFFFL) | 1 | ((long) size.tag() << 32) | (count << 35);
  }

  static long far(int segment, int padWord, boolean doubleFar) {
    return 2 | (doubleFar ? 4 : 0) | ((long) padWord << 3) | ((long) segment << 32);
  }

  static long capability(int index) {
    return 3 | ((long) index << 32);
  }

  static ByteBuffer segment(long... words) {
    ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long w : words) {
      b.putLong(w);
    }
    return b.flip();
  }

  static MessageReader message(long... words) {
    return MessageReader.of(ReaderOptions.DEFAULT, segment(words));
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
