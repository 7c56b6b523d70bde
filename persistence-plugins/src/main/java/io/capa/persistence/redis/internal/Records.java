package io.capa.persistence.redis.internal;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API. The binary records stored as Redis values. Every record starts with a format
 * version byte and a kind byte, so a value written by a future format, or a value of another
 * kind, is recognised instead of misread. Layout of version 1 (big-endian; a string is an int
 * length and UTF-8 bytes, a blob an int length and bytes, a payload a serializer id (int), a
 * manifest (string) and a blob):
 *
 * <pre>
 * event:    1 'E' seqNr:long timestamp:long writerUuid:string adapterManifest:string
 *           payload hasMetadata:byte [metadata payload] tagCount:int tags:string...
 * snapshot: 1 'S' seqNr:long timestamp:long payload hasMetadata:byte [metadata payload]
 * state:    1 'D' revision:long timestamp:long tag:string hasValue:byte [payload]
 * </pre>
 */
public final class Records {
  public static final byte FORMAT_VERSION = 1;
  static final byte EVENT = 'E';
  static final byte SNAPSHOT = 'S';
  static final byte STATE = 'D';

  private Records() {}

  /** A value that is not a readable record of the expected kind; the message says why. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message);
    }
  }

  /** One journal event. {@code metadata} may be null; {@code tags} may be empty. */
  public record Event(long sequenceNr, long timestamp, String writerUuid, String adapterManifest,
      Serialized payload, Serialized metadata, List<String> tags) {}

  /** One snapshot. {@code metadata} may be null. */
  public record Snapshot(long sequenceNr, long timestamp, Serialized payload,
      Serialized metadata) {}

  /** One durable state revision; a null {@code value} is the tombstone of a delete. */
  public record State(long revision, long timestamp, String tag, Serialized value) {}

  public static byte[] encode(Event e) {
    byte[] writer = utf8(e.writerUuid());
    byte[] adapter = utf8(e.adapterManifest());
    List<byte[]> tags = new ArrayList<>(e.tags().size());
    int tagBytes = 0;
    for (String t : e.tags()) {
      byte[] b = utf8(t);
      tags.add(b);
      tagBytes += 4 + b.length;
    }
    Out out = new Out(2 + 16 + 4 + writer.length + 4 + adapter.length + size(e.payload()) + 1
        + (e.metadata() == null ? 0 : size(e.metadata())) + 4 + tagBytes);
    out.header(EVENT);
    out.buf.putLong(e.sequenceNr()).putLong(e.timestamp());
    out.blob(writer);
    out.blob(adapter);
    out.payload(e.payload());
    out.optionalPayload(e.metadata());
    out.buf.putInt(tags.size());
    tags.forEach(out::blob);
    return out.done();
  }

  public static byte[] encode(Snapshot s) {
    Out out = new Out(2 + 16 + size(s.payload()) + 1
        + (s.metadata() == null ? 0 : size(s.metadata())));
    out.header(SNAPSHOT);
    out.buf.putLong(s.sequenceNr()).putLong(s.timestamp());
    out.payload(s.payload());
    out.optionalPayload(s.metadata());
    return out.done();
  }

  public static byte[] encode(State s) {
    byte[] tag = utf8(s.tag() == null ? "" : s.tag());
    Out out = new Out(2 + 16 + 4 + tag.length + 1
        + (s.value() == null ? 0 : size(s.value())));
    out.header(STATE);
    out.buf.putLong(s.revision()).putLong(s.timestamp());
    out.blob(tag);
    out.optionalPayload(s.value());
    return out.done();
  }

  public static Event decodeEvent(byte[] value) throws FormatException {
    In in = new In(value, EVENT, "an event");
    try {
      long seq = in.buf.getLong();
      long timestamp = in.buf.getLong();
      String writer = in.string("writer uuid");
      String adapter = in.string("event adapter manifest");
      Serialized payload = in.payload("payload");
      Serialized meta = in.optionalPayload("metadata");
      int n = in.buf.getInt();
      if (n < 0 || n > in.buf.remaining() / 4) {
        throw new FormatException("tag count " + n + " does not fit the record");
      }
      List<String> tags = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        tags.add(in.string("tag"));
      }
      in.end();
      return new Event(seq, timestamp, writer, adapter, payload, meta, List.copyOf(tags));
    } catch (BufferUnderflowException e) {
      throw in.truncated();
    }
  }

  public static Snapshot decodeSnapshot(byte[] value) throws FormatException {
    In in = new In(value, SNAPSHOT, "a snapshot");
    try {
      long seq = in.buf.getLong();
      long timestamp = in.buf.getLong();
      Serialized payload = in.payload("payload");
      Serialized meta = in.optionalPayload("metadata");
      in.end();
      return new Snapshot(seq, timestamp, payload, meta);
    } catch (BufferUnderflowException e) {
      throw in.truncated();
    }
  }

  public static State decodeState(byte[] value) throws FormatException {
    In in = new In(value, STATE, "a durable state");
    try {
      long revision = in.buf.getLong();
      long timestamp = in.buf.getLong();
      String tag = in.string("tag");
      Serialized state = in.optionalPayload("value");
      in.end();
      return new State(revision, timestamp, tag, state);
    } catch (BufferUnderflowException e) {
      throw in.truncated();
    }
  }

  private static int size(Serialized s) {
    return 4 + 4 + utf8(s.manifest()).length + 4 + s.bytes().length;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final class Out {
    final ByteBuffer buf;

    Out(int size) {
      buf = ByteBuffer.allocate(size);
    }

    void header(byte kind) {
      buf.put(FORMAT_VERSION).put(kind);
    }

    void blob(byte[] b) {
      buf.putInt(b.length).put(b);
    }

    void payload(Serialized s) {
      buf.putInt(s.serializerId());
      blob(utf8(s.manifest()));
      blob(s.bytes());
    }

    void optionalPayload(Serialized s) {
      if (s == null) {
        buf.put((byte) 0);
      } else {
        buf.put((byte) 1);
        payload(s);
      }
    }

    byte[] done() {
      if (buf.hasRemaining()) {
        throw new IllegalStateException("record size miscomputed by " + buf.remaining());
      }
      return buf.array();
    }
  }

  private static final class In {
    final ByteBuffer buf;
    final String expected;

    In(byte[] value, byte kind, String expected) throws FormatException {
      this.expected = expected;
      if (value == null || value.length == 0) {
        throw new FormatException("the value is empty");
      }
      if (value[0] != FORMAT_VERSION) {
        throw new FormatException("unknown record format version " + (value[0] & 0xff)
            + " (this version reads format " + FORMAT_VERSION + ")");
      }
      if (value.length < 2 || value[1] != kind) {
        throw new FormatException("the value is not " + expected + " record (kind byte "
            + (value.length < 2 ? "missing" : String.valueOf(value[1] & 0xff)) + ")");
      }
      this.buf = ByteBuffer.wrap(value, 2, value.length - 2);
    }

    byte[] blob(String what) throws FormatException {
      int n = buf.getInt();
      if (n < 0 || n > buf.remaining()) {
        throw new FormatException("the " + what + " length " + n + " exceeds the "
            + buf.remaining() + " bytes left in the " + (buf.limit()) + "-byte record");
      }
      byte[] b = new byte[n];
      buf.get(b);
      return b;
    }

    String string(String what) throws FormatException {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(blob(what))).toString();
      } catch (CharacterCodingException e) {
        throw new FormatException("the " + what + " is not valid UTF-8");
      }
    }

    Serialized payload(String what) throws FormatException {
      int serializerId = buf.getInt();
      String manifest = string(what + " manifest");
      return new Serialized(serializerId, manifest, blob(what + " bytes"));
    }

    Serialized optionalPayload(String what) throws FormatException {
      byte flag = buf.get();
      return switch (flag) {
        case 0 -> null;
        case 1 -> payload(what);
        default -> throw new FormatException("the " + what + " flag is " + flag + ", not 0 or 1");
      };
    }

    void end() throws FormatException {
      if (buf.hasRemaining()) {
        throw new FormatException(buf.remaining() + " unexpected bytes after " + expected
            + " record");
      }
    }

    FormatException truncated() {
      return new FormatException(expected + " record cut short (" + buf.limit()
          + " bytes)");
    }
  }
}
