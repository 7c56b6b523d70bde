package io.capa.capnp.wire;

import java.nio.ByteBuffer;

/**
 * A struct being built. Setters take the field's default as a mask: values are
 * stored XOR'd with it, so a freshly zeroed struct reads back as all defaults.
 * Offsets are in units of the field size, as in {@link StructReader}.
 */
public final class StructBuilder {
  final MessageBuilder message;
  final int segment;
  final int dataPos;
  final int dataWords;
  final int ptrPos;
  final int ptrCount;

  StructBuilder(MessageBuilder message, int segment, int dataPos, int dataWords, int ptrPos, int ptrCount) {
    this.message = message;
    this.segment = segment;
    this.dataPos = dataPos;
    this.dataWords = dataWords;
    this.ptrPos = ptrPos;
    this.ptrCount = ptrCount;
  }

  private ByteBuffer buf() {
    return message.arena.buffer(segment);
  }

  public int dataWords() {
    return dataWords;
  }

  public int pointerCount() {
    return ptrCount;
  }

  private void checkData(long endBit) {
    if (endBit > dataWords * 64L) {
      throw new IndexOutOfBoundsException("data field ends at bit " + endBit + ", struct has "
          + dataWords + " data words");
    }
  }

  public void setBool(int bitOffset, boolean value, boolean defaultValue) {
    checkData(bitOffset + 1L);
    int at = dataPos + (bitOffset >>> 3);
    int mask = 1 << (bitOffset & 7);
    byte b = buf().get(at);
    buf().put(at, (byte) ((value != defaultValue) ? (b | mask) : (b & ~mask)));
  }

  public void setByte(int offset, byte value, byte mask) {
    checkData((offset + 1L) * 8);
    buf().put(dataPos + offset, (byte) (value ^ mask));
  }

  public void setShort(int offset, short value, short mask) {
    checkData((offset + 1L) * 16);
    buf().putShort(dataPos + offset * 2, (short) (value ^ mask));
  }

  public void setInt(int offset, int value, int mask) {
    checkData((offset + 1L) * 32);
    buf().putInt(dataPos + offset * 4, value ^ mask);
  }

  public void setLong(int offset, long value, long mask) {
    checkData((offset + 1L) * 64);
    buf().putLong(dataPos + offset * 8, value ^ mask);
  }

  public void setFloat(int offset, float value, float defaultValue) {
    setInt(offset, Float.floatToRawIntBits(value), Float.floatToRawIntBits(defaultValue));
  }

  public void setDouble(int offset, double value, double defaultValue) {
    setLong(offset, Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(defaultValue));
  }

  public void setInt(int offset, int value) {
    setInt(offset, value, 0);
  }

  public void setLong(int offset, long value) {
    setLong(offset, value, 0L);
  }

  /** Pointer slot {@code index}, for initialising or copying into it. */
  public PointerBuilder getPointer(int index) {
    if (index < 0 || index >= ptrCount) {
      throw new IndexOutOfBoundsException("pointer " + index + " of a struct with " + ptrCount);
    }
    return new PointerBuilder(message, segment, ptrPos + index * 8);
  }

  public StructBuilder initStruct(int index, int dataWords, int pointerCount) {
    return getPointer(index).initStruct(dataWords, pointerCount);
  }

  public ListBuilder initList(int index, ElementSize size, int count) {
    return getPointer(index).initList(size, count);
  }

  public ListBuilder initStructList(int index, int count, int dataWords, int pointerCount) {
    return getPointer(index).initStructList(count, dataWords, pointerCount);
  }

  public void setText(int index, String value) {
    getPointer(index).setText(value);
  }

  public void setData(int index, byte[] value) {
    getPointer(index).setData(value);
  }

  /** Deep-copies every field of {@code source} into this struct (sizes may differ). */
  public void copyFrom(StructReader source) {
    Copier.copyStructContent(source, this);
  }

  /** Reads this struct back through a trusted reader over the builder's segments. */
  public StructReader asReader() {
    MessageReader r = message.trustedReader();
    return new StructReader(r, segment, dataPos, dataWords * 64, ptrPos, ptrCount,
        r.options().nestingLimit());
  }
}
