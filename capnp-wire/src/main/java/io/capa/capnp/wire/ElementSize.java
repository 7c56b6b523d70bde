package io.capa.capnp.wire;

/** List element sizes, in the order of their 3-bit wire tag. */
public enum ElementSize {
  VOID(0, 0),
  BIT(1, 0),
  BYTE(8, 0),
  TWO_BYTES(16, 0),
  FOUR_BYTES(32, 0),
  EIGHT_BYTES(64, 0),
  POINTER(0, 1),
  INLINE_COMPOSITE(0, 0);

  private static final ElementSize[] BY_TAG = values();

  /** Data bits per element (0 for pointer and composite lists). */
  public final int dataBits;
  /** Pointers per element (1 only for pointer lists). */
  public final int pointers;

  ElementSize(int dataBits, int pointers) {
    this.dataBits = dataBits;
    this.pointers = pointers;
  }

  public int tag() {
    return ordinal();
  }

  public static ElementSize ofTag(int tag) {
    return BY_TAG[tag & 7];
  }

  /** Bits from one element to the next for non-composite lists. */
  public int stepBits() {
    return dataBits + pointers * 64;
  }
}
