package io.capa.capnp.wire;

import java.nio.ByteBuffer;

/**
 * Canonical form: one segment, objects in pre-order, struct sections truncated to
 * their last non-zero data word and last non-null pointer (struct lists to the largest
 * element), no segment table. Two equal values give byte-identical output, the same
 * bytes as {@code capnp convert text:canonical}.
 */
public final class Canonical {
  private Canonical() {
  }

  /** The canonical words of the struct, starting with its root pointer. */
  public static byte[] canonicalize(StructReader root) {
    long guess = 1;
    MessageReader m = root.message();
    if (m != null) {
      for (int i = 0; i < m.segmentCount(); i++) {
        guess += m.buffer(i).limit() / 8;
      }
    }
    MessageBuilder b = build(root, guess);
    if (b.segmentCount() > 1) {
      // Shared sub-objects were expanded; the first attempt's total is an upper bound.
      b = build(root, b.sizeInWords());
    }
    ByteBuffer seg = b.segment(0);
    byte[] out = new byte[seg.remaining()];
    seg.get(out);
    return out;
  }

  private static MessageBuilder build(StructReader root, long words) {
    int size = (int) Math.min(Math.max(words, 1), io.capa.capnp.wire.internal.BuilderArena.MAX_SEGMENT_WORDS);
    MessageBuilder b = new MessageBuilder(size, true);
    Copier.copyStruct(root, b.rootPointer(), true);
    return b;
  }

  /** The canonical words of any object (struct, list or null) behind {@code pointer}. */
  public static byte[] canonicalizePointer(PointerReader pointer) {
    MessageBuilder b = new MessageBuilder(1 << 16, true);
    Copier.copyPointer(pointer, b.rootPointer(), true);
    if (b.segmentCount() > 1) {
      long words = b.sizeInWords();
      b = new MessageBuilder((int) Math.min(words, io.capa.capnp.wire.internal.BuilderArena.MAX_SEGMENT_WORDS), true);
      Copier.copyPointer(pointer, b.rootPointer(), true);
    }
    ByteBuffer seg = b.segment(0);
    byte[] out = new byte[seg.remaining()];
    seg.get(out);
    return out;
  }

  /** Whether {@code root}'s message is already canonical (compares with a fresh canonicalization). */
  public static boolean isCanonical(MessageReader message) {
    if (message.segmentCount() != 1) {
      return false;
    }
    byte[] canonical = canonicalize(message.root());
    ByteBuffer seg = message.segment(0);
    return seg.equals(ByteBuffer.wrap(canonical));
  }
}
