package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.ElementSize;
import java.util.Objects;

/**
 * A field or element type from schema.capnp's {@code Type}. Brands (generic arguments)
 * are not kept: a type parameter reads as {@link Kind#ANY_POINTER}.
 *
 * @param kind what the type is
 * @param elementType for lists, the element type; null otherwise
 * @param typeId for structs, enums and interfaces, the node id; 0 otherwise
 */
public record Type(Kind kind, Type elementType, long typeId) {
  public enum Kind {
    VOID, BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64,
    TEXT, DATA, LIST, ENUM, STRUCT, INTERFACE, ANY_POINTER
  }

  public Type {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.LIST) != (elementType != null)) {
      throw new IllegalArgumentException("elementType is required for lists and only for lists");
    }
  }

  public static Type of(Kind kind) {
    return new Type(kind, null, 0);
  }

  /** Whether values live in the pointer section. */
  public boolean isPointer() {
    return switch (kind) {
      case TEXT, DATA, LIST, STRUCT, INTERFACE, ANY_POINTER -> true;
      default -> false;
    };
  }

  /** Bits in the data section (or list element), 0 for void and pointer types. */
  public int dataBits() {
    return switch (kind) {
      case BOOL -> 1;
      case INT8, UINT8 -> 8;
      case INT16, UINT16, ENUM -> 16;
      case INT32, UINT32, FLOAT32 -> 32;
      case INT64, UINT64, FLOAT64 -> 64;
      default -> 0;
    };
  }

  /** Element size of a list whose elements are of this type. */
  public ElementSize listElementSize() {
    if (kind == Kind.STRUCT) {
      return ElementSize.INLINE_COMPOSITE;
    }
    if (isPointer()) {
      return ElementSize.POINTER;
    }
    return switch (dataBits()) {
      case 0 -> ElementSize.VOID;
      case 1 -> ElementSize.BIT;
      case 8 -> ElementSize.BYTE;
      case 16 -> ElementSize.TWO_BYTES;
      case 32 -> ElementSize.FOUR_BYTES;
      default -> ElementSize.EIGHT_BYTES;
    };
  }
}
