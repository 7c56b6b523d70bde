package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructReader;

/** Reads schema.capnp {@code Value}s (field defaults and constants). */
final class Values {
  private Values() {
  }

  /** The raw bits of a data-section default, used as the XOR mask. */
  static long defaultBits(Type type, StructReader value) {
    return switch (type.kind()) {
      case BOOL -> value.getBool(16, false) ? 1 : 0;
      case INT8, UINT8 -> value.getByte(2, (byte) 0);
      case INT16, UINT16, ENUM -> value.getShort(1, (short) 0);
      case INT32, UINT32, FLOAT32 -> value.getInt(1, 0);
      case INT64, UINT64, FLOAT64 -> value.getLong(1, 0);
      default -> 0;
    };
  }

  /** The default object of a pointer-typed slot. */
  static PointerReader defaultPointer(StructReader value) {
    return value.getPointer(0);
  }

  /** The wire element size expected when reading a list of {@code element}s. */
  static ElementSize expectedElementSize(Type element) {
    return element.listElementSize();
  }
}
