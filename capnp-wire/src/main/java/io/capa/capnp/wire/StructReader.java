package io.capa.capnp.wire;

import java.nio.ByteBuffer;

/**
 * A view of one struct in a {@link MessageReader}. Data fields beyond the struct's
 * actual data section read as zero (then XOR'd with the default), and pointer fields
 * beyond its pointer section read as null, which is how old and new schemas interoperate.
 *
 * <p>Offsets are in units of the field's own size, as in the schema's {@code slot.offset}:
 * {@code getInt(2)} reads bytes 8..11 of the data section.
 */
public final class StructReader {
  private static final StructReader EMPTY = new StructReader(null, 0, 0, 0, 0, 0, Integer.MAX_VALUE);

  final MessageReader message;
  final int segment;
  final int dataPos;
  final int dataBits;
  final int ptrPos;
  final int ptrCount;
  final int nestingLimit;

  StructReader(MessageReader message, int segment, int dataPos, int dataBits, int ptrPos, int ptrCount,
      int nestingLimit) {
    this.message = message;
    this.segment = segment;
    this.dataPos = dataPos;
    this.dataBits = dataBits;
    this.ptrPos = ptrPos;
    this.ptrCount = ptrCount;
    this.nestingLimit = nestingLimit;
  }

  /** The struct with no data and no pointers: every field reads as its default. */
  public static StructReader empty() {
    return EMPTY;
  }

  /** Size of the data section in bits (multiples of 64 except for upgraded list elements). */
  public int dataSizeBits() {
    return dataBits;
  }

  public int pointerCount() {
    return ptrCount;
  }

  public boolean getBool(int bitOffset, boolean defaultValue) {
    if (bitOffset >= dataBits) {
      return defaultValue;
    }
    int b = message.buffer(segment).get(dataPos + (bitOffset >>> 3));
    return (((b >>> (bitOffset & 7)) & 1) != 0) != defaultValue;
  }

  public byte getByte(int offset, byte mask) {
    return (offset + 1) * 8 <= dataBits ? (byte) (message.buffer(segment).get(dataPos + offset) ^ mask) : mask;
  }

  public short getShort(int offset, short mask) {
    return (offset + 1) * 16 <= dataBits
        ? (short) (message.buffer(segment).getShort(dataPos + offset * 2) ^ mask) : mask;
  }

  public int getInt(int offset, int mask) {
    return (offset + 1) * 32 <= dataBits ? message.buffer(segment).getInt(dataPos + offset * 4) ^ mask : mask;
  }

  public long getLong(int offset, long mask) {
    return (offset + 1) * 64L <= dataBits ? message.buffer(segment).getLong(dataPos + offset * 8) ^ mask : mask;
  }

  public float getFloat(int offset, float defaultValue) {
    return Float.intBitsToFloat(getInt(offset, Float.floatToRawIntBits(defaultValue)));
  }

  public double getDouble(int offset, double defaultValue) {
    return Double.longBitsToDouble(getLong(offset, Double.doubleToRawLongBits(defaultValue)));
  }

  public int getInt(int offset) {
    return getInt(offset, 0);
  }

  public long getLong(int offset) {
    return getLong(offset, 0L);
  }

  public boolean hasPointer(int index) {
    return index < ptrCount && message.word(segment, ptrPos + index * 8L) != 0;
  }

  /** Pointer field {@code index}, to be read as any kind (AnyPointer). */
  public PointerReader getPointer(int index) {
    if (index >= ptrCount) {
      return PointerReader.NULL;
    }
    return new PointerReader(message, segment, ptrPos + index * 8L, nestingLimit);
  }

  /** A struct field; a null pointer yields {@code defaultValue} or, if that is null, the empty struct. */
  public StructReader getStruct(int index, StructReader defaultValue) {
    // Direct path (no PointerReader): struct fields are the most frequent pointer reads.
    StructReader s = index < ptrCount ? message.readStruct(segment, ptrPos + index * 8L, nestingLimit) : null;
    return s != null ? s : defaultValue != null ? defaultValue : EMPTY;
  }

  public ListReader getList(int index, ElementSize expected, ListReader defaultValue) {
    ListReader l = index < ptrCount ? message.readList(segment, ptrPos + index * 8L, expected, nestingLimit) : null;
    return l != null ? l : defaultValue != null ? defaultValue : ListReader.empty(expected);
  }

  public String getText(int index, String defaultValue) {
    return getPointer(index).getText(defaultValue);
  }

  public ByteBuffer getData(int index, ByteBuffer defaultValue) {
    return getPointer(index).getData(defaultValue);
  }

  /** The message this struct lives in, or null for {@link #empty()}. */
  public MessageReader message() {
    return message;
  }
}
