package io.capa.capnp.wire;

import java.nio.ByteBuffer;

/**
 * Default values of pointer fields, as generated code embeds them: the canonical words
 * of the value, read through a reader without limits (the bytes are compiled in, not
 * received), safe to share between threads.
 */
public final class Defaults {
  private static final ReaderOptions TRUSTED = new ReaderOptions(Long.MAX_VALUE, 1 << 20, 1, Integer.MAX_VALUE - 8);

  private Defaults() {
  }

  public static StructReader struct(byte[] canonicalWords) {
    return MessageReader.of(TRUSTED, ByteBuffer.wrap(canonicalWords)).root();
  }

  public static ListReader list(byte[] canonicalWords, ElementSize expected) {
    return MessageReader.of(TRUSTED, ByteBuffer.wrap(canonicalWords)).rootPointer().getList(expected, null);
  }

  /** A read-only view of {@code bytes} for a Data default. */
  public static ByteBuffer data(byte[] bytes) {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }
}
