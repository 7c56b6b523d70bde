package io.capa.capnp.wire;

import io.capa.capnp.wire.internal.BuilderArena;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One pointer slot of a message being built (the AnyPointer builder). Objects are
 * placed in the slot's own segment when it has room, otherwise in another segment
 * behind a single far pointer whose landing pad precedes the object.
 * Re-initialising a slot abandons what it pointed at: the space stays in the message.
 */
public final class PointerBuilder {
  final MessageBuilder message;
  final int segment;
  final int pos;

  PointerBuilder(MessageBuilder message, int segment, int pos) {
    this.message = message;
    this.segment = segment;
    this.pos = pos;
  }

  private BuilderArena arena() {
    return message.arena;
  }

  long raw() {
    return arena().buffer(segment).getLong(pos);
  }

  public boolean isNull() {
    return raw() == 0;
  }

  public void clear() {
    arena().buffer(segment).putLong(pos, 0);
  }

  /**
   * Allocates {@code words} for an object described by {@code upper} (the high half of a
   * struct or list pointer) and points this slot at it. Returns segment (high 32 bits) and
   * byte position (low 32 bits) of the object.
   */
  long place(long words, long upper, int kind) {
    BuilderArena arena = arena();
    if (kind == MessageReader.STRUCT && words == 0) {
      // A zero-sized struct at offset 0 would encode as null; point at the pointer itself.
      arena.buffer(segment).putLong(pos, (upper << 32) | 0xFFFFFFFCL);
      return ((long) segment << 32) | pos;
    }
    int at = arena.tryAllocate(segment, words);
    if (at >= 0) {
      long offset = at - (pos >> 3) - 1;
      arena.buffer(segment).putLong(pos, (upper << 32) | ((offset << 2) & 0xFFFFFFFFL) | kind);
      return ((long) segment << 32) | (at * 8L);
    }
    long r = arena.allocate(words + 1);
    int seg = (int) (r >>> 32);
    int padWord = (int) r;
    arena.buffer(seg).putLong(padWord * 8, (upper << 32) | kind);
    arena.buffer(segment).putLong(pos, ((long) seg << 32) | ((long) padWord << 3) | MessageReader.FAR);
    return ((long) seg << 32) | ((padWord + 1) * 8L);
  }

  public StructBuilder initStruct(int dataWords, int pointerCount) {
    checkStructSize(dataWords, pointerCount);
    long r = place(dataWords + pointerCount, dataWords | ((long) pointerCount << 16), MessageReader.STRUCT);
    int seg = (int) (r >>> 32);
    int at = (int) r;
    return new StructBuilder(message, seg, at, dataWords, at + dataWords * 8, pointerCount);
  }

  /** A list of non-struct elements ({@code size} must not be INLINE_COMPOSITE). */
  public ListBuilder initList(ElementSize size, int count) {
    if (size == ElementSize.INLINE_COMPOSITE) {
      throw new IllegalArgumentException("use initStructList for composite lists");
    }
    checkCount(count);
    long words = ((long) count * size.stepBits() + 63) / 64;
    long r = place(words, size.tag() | ((long) count << 3), MessageReader.LIST);
    return new ListBuilder(message, (int) (r >>> 32), (int) r, count, size.stepBits(), size.dataBits,
        size.pointers, size);
  }

  public ListBuilder initStructList(int count, int dataWords, int pointerCount) {
    checkCount(count);
    checkStructSize(dataWords, pointerCount);
    long perElement = dataWords + pointerCount;
    long words = perElement * count;
    if (words >= (1L << 29)) {
      throw new IllegalArgumentException("struct list too large: " + words + " words");
    }
    long r = place(words + 1, ElementSize.INLINE_COMPOSITE.tag() | (words << 3), MessageReader.LIST);
    int seg = (int) (r >>> 32);
    int at = (int) r;
    arena().buffer(seg).putLong(at, ((long) count << 2) | ((dataWords | ((long) pointerCount << 16)) << 32));
    return new ListBuilder(message, seg, at + 8, count, (int) (perElement * 64), dataWords * 64, pointerCount,
        ElementSize.INLINE_COMPOSITE);
  }

  public void setText(String value) {
    if (value == null) {
      clear();
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ListBuilder l = initList(ElementSize.BYTE, bytes.length + 1);
    arena().buffer(l.segment).put(l.pos, bytes);
  }

  public void setData(ByteBuffer value) {
    if (value == null) {
      clear();
      return;
    }
    ListBuilder l = initList(ElementSize.BYTE, value.remaining());
    arena().buffer(l.segment).put(l.pos, value, value.position(), value.remaining());
  }

  public void setData(byte[] value) {
    setData(value == null ? null : ByteBuffer.wrap(value));
  }

  public void setCapability(int index) {
    arena().buffer(segment).putLong(pos, ((long) index << 32) | MessageReader.OTHER);
  }

  /**
   * Adds {@code capability} to the message's {@link CapTable} and points this slot at it;
   * null clears the slot.
   */
  public void setCapability(Object capability) {
    if (capability == null) {
      clear();
      return;
    }
    CapTable table = message.capTable();
    if (table == null) {
      throw new IllegalStateException("message has no capability table (it is not an RPC message)");
    }
    setCapability(table.add(capability));
  }

  /** The message this slot belongs to. */
  public MessageBuilder message() {
    return message;
  }

  /** Deep-copies whatever {@code source} points at (from any message) into this slot. */
  public void set(PointerReader source) {
    Copier.copyPointer(source, this, false);
  }

  public void setStruct(StructReader source) {
    Copier.copyStruct(source, this, false);
  }

  public void setList(ListReader source) {
    Copier.copyList(source, this, false);
  }

  /** Reads this slot back (through a trusted reader over the builder's segments). */
  public PointerReader asReader() {
    return message.trustedReader().pointerAt(segment, pos);
  }

  static void checkStructSize(int dataWords, int pointerCount) {
    if (dataWords < 0 || dataWords > 0xFFFF || pointerCount < 0 || pointerCount > 0xFFFF) {
      throw new IllegalArgumentException("struct size out of range: " + dataWords + " data words, "
          + pointerCount + " pointers");
    }
  }

  static void checkCount(int count) {
    if (count < 0 || count >= (1 << 29)) {
      throw new IllegalArgumentException("list element count out of range: " + count);
    }
  }
}
