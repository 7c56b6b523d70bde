package io.capa.capnp.wire;

import java.nio.ByteBuffer;

/**
 * Deep copy of objects between messages, optionally into canonical form. Sources are
 * read through the checked reader, so copying untrusted input enforces the same limits
 * as reading it. Objects are allocated in pre-order (an object, then its children in
 * pointer order), which with truncation and a single segment is the canonical layout.
 */
final class Copier {
  private Copier() {
  }

  static void copyPointer(PointerReader src, PointerBuilder dst, boolean canonical) {
    switch (src.kind()) {
      case NULL -> dst.clear();
      case STRUCT -> copyStruct(src.getStruct(null), dst, canonical);
      case LIST -> copyList(src.getList(null, null), dst, canonical);
      case CAPABILITY -> dst.setCapability(src.capabilityIndex());
      default -> throw new IllegalStateException();
    }
  }

  static void copyStruct(StructReader s, PointerBuilder dst, boolean canonical) {
    int dataWords = canonical ? usedDataWords(s) : (s.dataBits + 63) / 64;
    int ptrs = canonical ? usedPointers(s) : s.ptrCount;
    StructBuilder b = dst.initStruct(dataWords, ptrs);
    copyStructInto(s, b, canonical);
  }

  /** Copies into an existing struct, first clearing what it held (it may be reused). */
  static void copyStructContent(StructReader s, StructBuilder b) {
    ByteBuffer out = b.message.arena.buffer(b.segment);
    for (int i = 0; i < b.dataWords; i++) {
      out.putLong(b.dataPos + i * 8, 0);
    }
    for (int i = 0; i < b.ptrCount; i++) {
      out.putLong(b.ptrPos + i * 8, 0);
    }
    copyStructInto(s, b, false);
  }

  private static void copyStructInto(StructReader s, StructBuilder b, boolean canonical) {
    int bytes = Math.min(s.dataBits >>> 3, b.dataWords * 8);
    if (bytes > 0) {
      b.message.arena.buffer(b.segment).put(b.dataPos, s.message.buffer(s.segment), s.dataPos, bytes);
    }
    if (s.dataBits == 1 && b.dataWords > 0) {
      // A struct read from a bit list element holds a single bit.
      b.setBool(0, s.getBool(0, false), false);
    }
    int ptrs = Math.min(s.ptrCount, b.ptrCount);
    for (int i = 0; i < ptrs; i++) {
      copyPointer(s.getPointer(i), b.getPointer(i), canonical);
    }
  }

  static void copyList(ListReader l, PointerBuilder dst, boolean canonical) {
    switch (l.elementSize) {
      case INLINE_COMPOSITE -> {
        int dataWords = l.structDataBits / 64;
        int ptrs = l.structPtrCount;
        if (canonical) {
          dataWords = 0;
          ptrs = 0;
          for (int i = 0; i < l.count; i++) {
            StructReader e = l.getStruct(i);
            dataWords = Math.max(dataWords, usedDataWords(e));
            ptrs = Math.max(ptrs, usedPointers(e));
          }
        }
        ListBuilder b = dst.initStructList(l.count, dataWords, ptrs);
        for (int i = 0; i < l.count; i++) {
          copyStructInto(l.getStruct(i), b.getStruct(i), canonical);
        }
      }
      case POINTER -> {
        ListBuilder b = dst.initList(ElementSize.POINTER, l.count);
        for (int i = 0; i < l.count; i++) {
          copyPointer(l.getPointer(i), b.getPointer(i), canonical);
        }
      }
      default -> {
        ListBuilder b = dst.initList(l.elementSize, l.count);
        long bits = (long) l.count * l.stepBits;
        int wholeBytes = (int) (bits >>> 3);
        ByteBuffer out = b.message.arena.buffer(b.segment);
        if (wholeBytes > 0) {
          out.put(b.pos, l.message.buffer(l.segment), l.pos, wholeBytes);
        }
        int leftover = (int) (bits & 7);
        if (leftover > 0) {
          // Copy only the bits that belong to the list so padding stays zero.
          byte last = l.message.buffer(l.segment).get(l.pos + wholeBytes);
          out.put(b.pos + wholeBytes, (byte) (last & ((1 << leftover) - 1)));
        }
      }
    }
  }

  /** Data words up to the last non-zero byte (canonical truncation). */
  static int usedDataWords(StructReader s) {
    int bytes = s.dataBits >>> 3;
    if (s.dataBits == 1) {
      return s.getBool(0, false) ? 1 : 0;
    }
    ByteBuffer buf = bytes == 0 ? null : s.message.buffer(s.segment);
    for (int i = bytes - 1; i >= 0; i--) {
      if (buf.get(s.dataPos + i) != 0) {
        return i / 8 + 1;
      }
    }
    return 0;
  }

  /** Pointers up to the last non-null one (canonical truncation). */
  static int usedPointers(StructReader s) {
    for (int i = s.ptrCount - 1; i >= 0; i--) {
      if (s.hasPointer(i)) {
        return i + 1;
      }
    }
    return 0;
  }
}
