package io.capa.capnp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A view of one list. Elements are addressed by a bit step so the same code reads a
 * primitive list, a pointer list and a struct list (schema evolution lets a primitive
 * list be read as a struct list and back, within the checks made when the pointer was
 * followed). Reads beyond an element's actual size give zero / null.
 */
public final class ListReader {
  final MessageReader message;
  final int segment;
  final int pos;
  final int count;
  final int stepBits;
  final int structDataBits;
  final int structPtrCount;
  final ElementSize elementSize;
  final int nestingLimit;

  ListReader(MessageReader message, int segment, int pos, int count, int stepBits, int structDataBits,
      int structPtrCount, ElementSize elementSize, int nestingLimit) {
    this.message = message;
    this.segment = segment;
    this.pos = pos;
    this.count = count;
    this.stepBits = stepBits;
    this.structDataBits = structDataBits;
    this.structPtrCount = structPtrCount;
    this.elementSize = elementSize;
    this.nestingLimit = nestingLimit;
  }

  static ListReader empty(ElementSize size) {
    ElementSize s = size == null ? ElementSize.VOID : size;
    return new ListReader(null, 0, 0, 0, s.stepBits(), s.dataBits, s.pointers, s, Integer.MAX_VALUE);
  }

  public int size() {
    return count;
  }

  /** Element size as encoded on the wire. */
  public ElementSize elementSize() {
    return elementSize;
  }

  /** For struct lists: the data section of each element in bits, and its pointer count. */
  public int structDataSizeBits() {
    return structDataBits;
  }

  public int structPointerCount() {
    return structPtrCount;
  }

  private long bytePos(int index) {
    Objects.checkIndex(index, count);
    return pos + ((long) index * stepBits >>> 3);
  }

  public boolean getBool(int index) {
    Objects.checkIndex(index, count);
    long bit = (long) index * stepBits;
    if (structDataBits < 1) {
      return false;
    }
    int b = message.buffer(segment).get((int) (pos + (bit >>> 3)));
    return ((b >>> (bit & 7)) & 1) != 0;
  }

  public byte getByte(int index) {
    long p = bytePos(index);
    return structDataBits >= 8 ? message.buffer(segment).get((int) p) : 0;
  }

  public short getShort(int index) {
    long p = bytePos(index);
    return structDataBits >= 16 ? message.buffer(segment).getShort((int) p) : 0;
  }

  public int getInt(int index) {
    long p = bytePos(index);
    return structDataBits >= 32 ? message.buffer(segment).getInt((int) p) : 0;
  }

  public long getLong(int index) {
    long p = bytePos(index);
    return structDataBits >= 64 ? message.buffer(segment).getLong((int) p) : 0;
  }

  public float getFloat(int index) {
    return Float.intBitsToFloat(getInt(index));
  }

  public double getDouble(int index) {
    return Double.longBitsToDouble(getLong(index));
  }

  /** Element {@code index} as a struct (composite lists, or upgraded primitive lists). */
  public StructReader getStruct(int index) {
    long p = bytePos(index);
    return new StructReader(message, segment, (int) p, structDataBits, (int) (p + (structDataBits >>> 3)),
        structPtrCount, nestingLimit);
  }

  /** Element {@code index} of a pointer list (or the first pointer of a struct element). */
  public PointerReader getPointer(int index) {
    long p = bytePos(index);
    if (structPtrCount < 1) {
      return PointerReader.NULL;
    }
    return new PointerReader(message, segment, p + (structDataBits >>> 3), nestingLimit);
  }

  public ListReader getList(int index, ElementSize expected) {
    return getPointer(index).getList(expected, null);
  }

  public String getText(int index) {
    return getPointer(index).getText(null);
  }

  public ByteBuffer getData(int index) {
    return getPointer(index).getData(null);
  }

  /** The message this list lives in (null for an empty default list). */
  public MessageReader message() {
    return message;
  }
}
