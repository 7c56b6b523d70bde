package io.capa.capnp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A list being built; element setters mirror {@link ListReader}'s getters. */
public final class ListBuilder {
  final MessageBuilder message;
  final int segment;
  final int pos;
  final int count;
  final int stepBits;
  final int structDataBits;
  final int structPtrCount;
  final ElementSize elementSize;

  ListBuilder(MessageBuilder message, int segment, int pos, int count, int stepBits, int structDataBits,
      int structPtrCount, ElementSize elementSize) {
    this.message = message;
    this.segment = segment;
    this.pos = pos;
    this.count = count;
    this.stepBits = stepBits;
    this.structDataBits = structDataBits;
    this.structPtrCount = structPtrCount;
    this.elementSize = elementSize;
  }

  public int size() {
    return count;
  }

  public ElementSize elementSize() {
    return elementSize;
  }

  private ByteBuffer buf() {
    return message.arena.buffer(segment);
  }

  private int at(int index, int bits) {
    Objects.checkIndex(index, count);
    if (structDataBits < bits) {
      throw new IllegalStateException("a " + elementSize + " list has no room for " + bits + "-bit elements");
    }
    return (int) (pos + ((long) index * stepBits >>> 3));
  }

  public void setBool(int index, boolean value) {
    Objects.checkIndex(index, count);
    if (structDataBits < 1) {
      throw new IllegalStateException("a " + elementSize + " list has no data");
    }
    long bit = (long) index * stepBits;
    int byteAt = (int) (pos + (bit >>> 3));
    int mask = 1 << (bit & 7);
    byte b = buf().get(byteAt);
    buf().put(byteAt, (byte) (value ? (b | mask) : (b & ~mask)));
  }

  public void setByte(int index, byte value) {
    buf().put(at(index, 8), value);
  }

  public void setShort(int index, short value) {
    buf().putShort(at(index, 16), value);
  }

  public void setInt(int index, int value) {
    buf().putInt(at(index, 32), value);
  }

  public void setLong(int index, long value) {
    buf().putLong(at(index, 64), value);
  }

  public void setFloat(int index, float value) {
    setInt(index, Float.floatToRawIntBits(value));
  }

  public void setDouble(int index, double value) {
    setLong(index, Double.doubleToRawLongBits(value));
  }

  /** Element {@code index} of a struct list. */
  public StructBuilder getStruct(int index) {
    Objects.checkIndex(index, count);
    if (elementSize != ElementSize.INLINE_COMPOSITE) {
      throw new IllegalStateException("not a struct list: " + elementSize);
    }
    int p = (int) (pos + ((long) index * stepBits >>> 3));
    return new StructBuilder(message, segment, p, structDataBits / 64, p + structDataBits / 8, structPtrCount);
  }

  /** Element {@code index} of a pointer list. */
  public PointerBuilder getPointer(int index) {
    Objects.checkIndex(index, count);
    if (elementSize != ElementSize.POINTER) {
      throw new IllegalStateException("not a pointer list: " + elementSize);
    }
    return new PointerBuilder(message, segment, pos + index * 8);
  }

  public void setText(int index, String value) {
    getPointer(index).setText(value);
  }

  public ListReader asReader() {
    MessageReader r = message.trustedReader();
    return new ListReader(r, segment, pos, count, stepBits, structDataBits, structPtrCount, elementSize,
        r.options().nestingLimit());
  }
}
