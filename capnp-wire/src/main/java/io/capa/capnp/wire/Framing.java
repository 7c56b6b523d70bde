package io.capa.capnp.wire;

import io.capa.capnp.wire.internal.SegmentTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The standard stream framing (a segment table, then the segments) over blocking
 * streams, channels and buffers. The table is validated against {@link ReaderOptions}
 * before the body is allocated, so a hostile header cannot make us allocate more than
 * {@code maxMessageBytes}. For Pekko Streams see {@link CapnpFraming}.
 */
public final class Framing {
  private Framing() {
  }

  /** Reads one message; returns null on a clean end of stream before its first byte. */
  public static MessageReader read(InputStream in, ReaderOptions options) throws IOException {
    return read(Channels.newChannel(in), options);
  }

  public static MessageReader read(ReadableByteChannel in, ReaderOptions options) throws IOException {
    ByteBuffer first = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    if (!fill(in, first, true)) {
      return null;
    }
    int count = SegmentTable.segmentCount(first.getInt(0), options, 0);
    int headerBytes = SegmentTable.headerBytes(count);
    ByteBuffer table = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
    table.put(first.flip());
    fill(in, table, false);
    table.flip();
    int[] sizes = new int[count];
    long body = SegmentTable.bodyBytes(table, count, options, 0, sizes);
    ByteBuffer bodyBuf = ByteBuffer.allocate((int) body);
    fill(in, bodyBuf, false);
    bodyBuf.flip();
    return MessageReader.of(options, slices(bodyBuf, sizes));
  }

  /**
   * Reads one message whose bytes are in {@code framed} (from its position), viewing the
   * segments in place; advances the position past the message.
   */
  public static MessageReader read(ByteBuffer framed, ReaderOptions options) {
    ByteBuffer in = framed.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long start = in.position();
    if (in.remaining() < 8) {
      throw new CapnpDecodeException("truncated segment table: " + in.remaining() + " bytes", start);
    }
    int count = SegmentTable.segmentCount(in.getInt(in.position()), options, start);
    int headerBytes = SegmentTable.headerBytes(count);
    if (in.remaining() < headerBytes) {
      throw new CapnpDecodeException("truncated segment table: need " + headerBytes + " bytes, have "
          + in.remaining(), start);
    }
    int[] sizes = new int[count];
    long body = SegmentTable.bodyBytes(in, count, options, start, sizes);
    if (in.remaining() - headerBytes < body) {
      throw new CapnpDecodeException("truncated message: segment table declares " + body
          + " bytes, only " + (in.remaining() - headerBytes) + " follow", start + headerBytes);
    }
    ByteBuffer bodyBuf = in.slice(in.position() + headerBytes, (int) body);
    framed.position(framed.position() + headerBytes + (int) body);
    return MessageReader.of(options, slices(bodyBuf, sizes));
  }

  static ByteBuffer[] slices(ByteBuffer body, int[] sizes) {
    ByteBuffer[] segs = new ByteBuffer[sizes.length];
    int at = 0;
    for (int i = 0; i < sizes.length; i++) {
      segs[i] = body.slice(at, sizes[i]);
      at += sizes[i];
    }
    return segs;
  }

  private static boolean fill(ReadableByteChannel in, ByteBuffer buf, boolean eofAllowedAtStart)
      throws IOException {
    boolean started = false;
    while (buf.hasRemaining()) {
      int n = in.read(buf);
      if (n < 0) {
        if (!started && eofAllowedAtStart) {
          return false;
        }
        throw new CapnpDecodeException("stream ended inside a message (" + buf.position() + " of "
            + buf.limit() + " bytes of the " + (eofAllowedAtStart ? "segment table" : "next part") + " read)",
            buf.position());
      }
      started |= n > 0;
    }
    return true;
  }

  public static void write(OutputStream out, Message message) throws IOException {
    write(Channels.newChannel(out), message);
    out.flush();
  }

  public static void write(WritableByteChannel out, Message message) throws IOException {
    writeFully(out, SegmentTable.encode(message));
    for (int i = 0; i < message.segmentCount(); i++) {
      writeFully(out, message.segment(i));
    }
  }

  private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** The framed bytes of {@code message}. */
  public static byte[] toByteArray(Message message) {
    ByteBuffer table = SegmentTable.encode(message);
    int total = table.remaining();
    for (int i = 0; i < message.segmentCount(); i++) {
      total += message.segment(i).remaining();
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    out.put(table);
    for (int i = 0; i < message.segmentCount(); i++) {
      out.put(message.segment(i));
    }
    return out.array();
  }
}
