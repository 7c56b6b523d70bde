package io.capa.capnp.wire;

import io.capa.capnp.wire.internal.SegmentTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Streaming unpacker: reads packed bytes from a blocking stream and fills whole-word
 * targets, never letting a run spill over the target's end. Sizes come from the segment
 * table, validated before allocation, so packed input cannot inflate past the limits.
 */
final class Unpacker {
  private final InputStream in;
  private long consumed;

  Unpacker(InputStream in) {
    this.in = in;
  }

  private int next(boolean eofOk) throws IOException {
    int b = in.read();
    if (b < 0 && !eofOk) {
      throw new CapnpDecodeException("packed input ends inside a message", consumed);
    }
    consumed++;
    return b;
  }

  /** Fills dst[off, off+len) (len a multiple of 8) from packed input. */
  void unpack(byte[] dst, int off, int len) throws IOException {
    int p = off;
    int end = off + len;
    while (p < end) {
      int tag = next(false);
      for (int i = 0; i < 8; i++) {
        dst[p + i] = (tag & (1 << i)) != 0 ? (byte) next(false) : 0;
      }
      p += 8;
      if (tag == 0) {
        int run = next(false) * 8;
        if (run > end - p) {
          throw new CapnpDecodeException("packed zero run of " + run / 8 + " words crosses a segment boundary",
              consumed - 1);
        }
        java.util.Arrays.fill(dst, p, p + run, (byte) 0);
        p += run;
      } else if (tag == 0xFF) {
        int run = next(false) * 8;
        if (run > end - p) {
          throw new CapnpDecodeException("packed literal run of " + run / 8
              + " words crosses a segment boundary", consumed - 1);
        }
        readLiteral(dst, p, run);
        p += run;
      }
    }
  }

  private void readLiteral(byte[] dst, int at, int len) throws IOException {
    int read = 0;
    while (read < len) {
      int n = in.read(dst, at + read, len - read);
      if (n < 0) {
        throw new CapnpDecodeException("packed input ends inside a literal run", consumed);
      }
      read += n;
      consumed += n;
    }
  }

  MessageReader readMessage(ReaderOptions options) throws IOException {
    int firstTag = in.read();
    if (firstTag < 0) {
      return null;
    }
    byte[] first = new byte[8];
    // The first word is unpacked by hand: the table size is only known after it.
    consumed = 1;
    for (int i = 0; i < 8; i++) {
      first[i] = (firstTag & (1 << i)) != 0 ? (byte) next(false) : 0;
    }
    int run = (firstTag == 0 || firstTag == 0xFF) ? next(false) * 8 : 0;
    ByteBuffer head = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
    int count = SegmentTable.segmentCount(head.getInt(0), options, 0);
    byte[] table = new byte[SegmentTable.headerBytes(count)];
    System.arraycopy(first, 0, table, 0, 8);
    if (run > table.length - 8) {
      throw new CapnpDecodeException("packed run of " + run / 8 + " words crosses the segment table boundary",
          consumed - 1);
    }
    if (firstTag == 0xFF) {
      readLiteral(table, 8, run);
    }
    unpack(table, 8 + run, table.length - 8 - run);
    int[] sizes = new int[count];
    long body = SegmentTable.bodyBytes(ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN), count, options, 0,
        sizes);
    byte[] bodyBytes = new byte[(int) body];
    unpack(bodyBytes, 0, bodyBytes.length);
    return MessageReader.of(options, Framing.slices(ByteBuffer.wrap(bodyBytes), sizes));
  }
}
