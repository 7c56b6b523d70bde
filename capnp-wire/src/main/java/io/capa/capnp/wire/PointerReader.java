package io.capa.capnp.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** One pointer slot of a message, readable as any kind (the AnyPointer reader). */
public final class PointerReader {
  static final PointerReader NULL = new PointerReader(null, 0, -1, 0);

  final MessageReader message;
  final int segment;
  final long pos;
  final int nestingLimit;

  PointerReader(MessageReader message, int segment, long pos, int nestingLimit) {
    this.message = message;
    this.segment = segment;
    this.pos = pos;
    this.nestingLimit = nestingLimit;
  }

  long raw() {
    return pos < 0 ? 0 : message.word(segment, pos);
  }

  public boolean isNull() {
    return raw() == 0;
  }

  /** The kind of object pointed at, after following far pointers. */
  public PointerKind kind() {
    long ptr = raw();
    if (ptr == 0) {
      return PointerKind.NULL;
    }
    long p = message.followFars(segment, pos, ptr).pointer();
    switch ((int) (p & 3)) {
      case MessageReader.STRUCT:
        return PointerKind.STRUCT;
      case MessageReader.LIST:
        return PointerKind.LIST;
      case MessageReader.OTHER:
        if ((p & 0xFFFFFFFFL) == MessageReader.OTHER) {
          return PointerKind.CAPABILITY;
        }
        throw new CapnpDecodeException("unknown pointer kind", segment, pos);
      default:
        throw new CapnpDecodeException("far pointer where an object was expected", segment, pos);
    }
  }

  /** Element size of a list pointer (after far pointers). */
  public ElementSize listElementSize() {
    if (kind() != PointerKind.LIST) {
      throw new CapnpDecodeException("not a list pointer", segment, pos);
    }
    return ElementSize.ofTag((int) (message.followFars(segment, pos, raw()).pointer() >>> 32));
  }

  public int capabilityIndex() {
    if (kind() != PointerKind.CAPABILITY) {
      throw new CapnpDecodeException("not a capability pointer", segment, pos);
    }
    return (int) (message.followFars(segment, pos, raw()).pointer() >>> 32);
  }

  /**
   * The capability this pointer refers to, looked up in the message's {@link CapTable}:
   * null for a null pointer or an index the table does not hold.
   */
  public Object getCapability() {
    if (isNull()) {
      return null;
    }
    int index = capabilityIndex();
    CapTable table = message.capTable();
    if (table == null) {
      throw new IllegalStateException("message has no capability table (it did not come through RPC)");
    }
    return table.get(index);
  }

  /** The message this pointer belongs to. */
  public MessageReader message() {
    return message;
  }

  public StructReader getStruct(StructReader defaultValue) {
    StructReader s = pos < 0 ? null : message.readStruct(segment, pos, nestingLimit);
    if (s != null) {
      return s;
    }
    return defaultValue != null ? defaultValue : StructReader.empty();
  }

  /** A list; {@code expected} null accepts any element size (as AnyList). */
  public ListReader getList(ElementSize expected, ListReader defaultValue) {
    ListReader l = pos < 0 ? null : message.readList(segment, pos, expected, nestingLimit);
    if (l != null) {
      return l;
    }
    return defaultValue != null ? defaultValue : ListReader.empty(expected);
  }

  /** Text without its NUL terminator, as a read-only view; null pointer gives null. */
  public ByteBuffer getTextBytes() {
    ListReader l = pos < 0 ? null : message.readList(segment, pos, null, nestingLimit);
    if (l == null) {
      return null;
    }
    if (l.elementSize() != ElementSize.BYTE) {
      throw new CapnpDecodeException("expected text (a byte list), found a " + l.elementSize() + " list",
          segment, pos);
    }
    if (l.size() == 0) {
      throw new CapnpDecodeException("text is not NUL-terminated (empty byte list)", segment, pos);
    }
    ByteBuffer b = message.buffer(l.segment);
    if (b.get(l.pos + l.size() - 1) != 0) {
      throw new CapnpDecodeException("text is not NUL-terminated", l.segment, l.pos + l.size() - 1);
    }
    return b.slice(l.pos, l.size() - 1).asReadOnlyBuffer();
  }

  public String getText(String defaultValue) {
    ByteBuffer b = getTextBytes();
    if (b == null) {
      return defaultValue;
    }
    if (b.hasArray()) {
      return new String(b.array(), b.arrayOffset() + b.position(), b.remaining(), StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Data as a read-only view over the message; null pointer gives {@code defaultValue}. */
  public ByteBuffer getData(ByteBuffer defaultValue) {
    ListReader l = pos < 0 ? null : message.readList(segment, pos, null, nestingLimit);
    if (l == null) {
      return defaultValue;
    }
    if (l.elementSize() != ElementSize.BYTE) {
      throw new CapnpDecodeException("expected data (a byte list), found a " + l.elementSize() + " list",
          segment, pos);
    }
    return message.buffer(l.segment).slice(l.pos, l.size()).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }
}
