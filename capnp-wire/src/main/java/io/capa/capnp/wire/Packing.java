package io.capa.capnp.wire;

import io.capa.capnp.wire.internal.SegmentTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packed encoding: per word a tag byte (bit i set = byte i non-zero) and the
 * non-zero bytes; tag 0x00 is followed by a count of further all-zero words, tag 0xFF
 * by a count of further words copied verbatim. Each segment (and the segment table) is
 * packed on its own, so no run crosses a segment boundary; the unpacker rejects input
 * whose runs do.
 */
public final class Packing {
  private Packing() {
  }

  /** Worst-case packed size of {@code bytes} unpacked bytes. */
  public static int maxPackedSize(int bytes) {
    int words = bytes / 8;
    return words * 10 + 2;
  }

  /** Packs whole words from {@code in} (position to limit) into {@code out}. */
  public static void pack(ByteBuffer in, ByteBuffer out) {
    ByteBuffer src = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int p = src.position();
    int end = src.limit();
    if ((end - p) % 8 != 0) {
      throw new IllegalArgumentException("packing needs whole words, got " + (end - p) + " bytes");
    }
    while (p < end) {
      long w = src.getLong(p);
      p += 8;
      int tag = 0;
      for (int i = 0; i < 8; i++) {
        if (((w >>> (i * 8)) & 0xFF) != 0) {
          tag |= 1 << i;
        }
      }
      out.put((byte) tag);
      for (int i = 0; i < 8; i++) {
        byte b = (byte) (w >>> (i * 8));
        if (b != 0) {
          out.put(b);
        }
      }
      if (tag == 0) {
        int run = 0;
        while (p < end && run < 255 && src.getLong(p) == 0) {
          run++;
          p += 8;
        }
        out.put((byte) run);
      } else if (tag == 0xFF) {
        // Copy following words verbatim while they have at most one zero byte.
        int runStart = p;
        int run = 0;
        while (p < end && run < 255 && zeroBytes(src.getLong(p)) <= 1) {
          run++;
          p += 8;
        }
        out.put((byte) run);
        out.put(src.slice(runStart, run * 8));
      }
    }
  }

  private static int zeroBytes(long w) {
    int n = 0;
    for (int i = 0; i < 8; i++) {
      if (((w >>> (i * 8)) & 0xFF) == 0) {
        n++;
      }
    }
    return n;
  }

  /** The packed framed bytes of {@code message}. */
  public static byte[] pack(Message message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writePacked(out, message);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Writes {@code message} framed and packed, segment by segment. */
  public static void writePacked(OutputStream out, Message message) throws IOException {
    writePackedPart(out, SegmentTable.encode(message));
    for (int i = 0; i < message.segmentCount(); i++) {
      writePackedPart(out, message.segment(i));
    }
    out.flush();
  }

  private static void writePackedPart(OutputStream out, ByteBuffer part) throws IOException {
    ByteBuffer packed = ByteBuffer.allocate(maxPackedSize(part.remaining()));
    pack(part, packed);
    out.write(packed.array(), 0, packed.position());
  }

  /** Reads one packed framed message; null on a clean end of stream. */
  public static MessageReader readPacked(InputStream in, ReaderOptions options) throws IOException {
    return new Unpacker(in).readMessage(options);
  }

  /** Unpacks one packed framed message held in {@code packed} (from its position). */
  public static MessageReader unpack(ByteBuffer packed, ReaderOptions options) {
    try {
      MessageReader m = new Unpacker(new ByteBufferInput(packed)).readMessage(options);
      if (m == null) {
        throw new CapnpDecodeException("packed input is empty", 0);
      }
      return m;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unpacks {@code packed} (no framing assumed) into exactly {@code unpackedBytes} bytes. */
  public static byte[] unpackBytes(ByteBuffer packed, int unpackedBytes) {
    byte[] out = new byte[unpackedBytes];
    try {
      new Unpacker(new ByteBufferInput(packed)).unpack(out, 0, unpackedBytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static final class ByteBufferInput extends InputStream {
    private final ByteBuffer b;

    ByteBufferInput(ByteBuffer b) {
      this.b = b;
    }

    @Override
    public int read() {
      return b.hasRemaining() ? b.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] dst, int off, int len) {
      if (!b.hasRemaining()) {
        return -1;
      }
      int n = Math.min(len, b.remaining());
      b.get(dst, off, n);
      return n;
    }
  }
}
