package io.capa.capnp.wire.internal;

import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.Message;
import io.capa.capnp.wire.ReaderOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * INTERNAL API.
 *
 * <p>The standard stream framing's segment table, validated before anything is allocated:
 * <pre>
 *   [segment count - 1 :u32][size of segment 0 in words :u32]...[size n-1 :u32][pad :u32 if needed]
 *   followed by the segments, each size x 8 bytes
 * </pre>
 */
public final class SegmentTable {
  private SegmentTable() {
  }

  /** Bytes of a table for {@code segmentCount} segments (always a whole number of words). */
  public static int headerBytes(int segmentCount) {
    return ((segmentCount + 1) * 4 + 7) & ~7;
  }

  /** Validates the first u32 of a frame and returns the segment count. */
  public static int segmentCount(int countMinusOne, ReaderOptions options, long streamOffset) {
    long count = (countMinusOne & 0xFFFFFFFFL) + 1;
    if (count > options.maxSegments()) {
      throw new CapnpDecodeException("segment table declares " + count + " segments, limit is "
          + options.maxSegments(), streamOffset);
    }
    return (int) count;
  }

  /**
   * Validates the sizes in a complete table (little-endian, positioned at its start) and
   * fills {@code sizesOut} with each segment's size in bytes. Returns the body size in bytes.
   */
  public static long bodyBytes(ByteBuffer table, int count, ReaderOptions options, long streamOffset,
      int[] sizesOut) {
    long totalWords = 0;
    int base = table.position();
    for (int i = 0; i < count; i++) {
      long words = table.getInt(base + 4 + 4 * i) & 0xFFFFFFFFL;
      totalWords += words;
      long totalBytes = headerBytes(count) + totalWords * 8;
      if (totalBytes > options.maxMessageBytes() || totalWords > options.traversalLimitWords()) {
        throw new CapnpDecodeException("segment table declares a message of at least " + totalBytes
            + " bytes, limit is " + options.maxMessageBytes() + " bytes / " + options.traversalLimitWords()
            + " words", streamOffset + 4 + 4L * i);
      }
      sizesOut[i] = (int) (words * 8);
    }
    if (totalWords == 0) {
      throw new CapnpDecodeException("message has no words (no root pointer)", streamOffset + 4);
    }
    return totalWords * 8;
  }

  /** Writes the table for {@code message} into a new little-endian buffer, flipped for reading. */
  public static ByteBuffer encode(Message message) {
    int count = message.segmentCount();
    ByteBuffer table = ByteBuffer.allocate(headerBytes(count)).order(ByteOrder.LITTLE_ENDIAN);
    table.putInt(0, count - 1);
    for (int i = 0; i < count; i++) {
      table.putInt(4 + 4 * i, message.segment(i).remaining() / 8);
    }
    return table;
  }
}
