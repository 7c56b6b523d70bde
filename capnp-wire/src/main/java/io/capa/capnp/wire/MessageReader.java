package io.capa.capnp.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A message being read: segments viewed in place (nothing is copied) plus the read
 * limits. Every pointer followed is bounds-checked and charged to the traversal budget,
 * so a malformed or hostile message ends in a {@link CapnpDecodeException}.
 *
 * <p>Several threads may read one message at once; the traversal budget is then counted
 * without synchronization (like the reference's relaxed counter), so it is approximate.
 * A reader can be reused for the next message with {@link #reset(ByteBuffer...)}, which
 * keeps the reader and its segment array; do not reset while other threads read.
 *
 * <pre>
 * pointer word (little endian, bit 0 first):
 *   struct: [kind=0 :2][offset :30 signed][data words :16][pointer count :16]
 *   list:   [kind=1 :2][offset :30 signed][element size :3][element count :29]
 *   far:    [kind=2 :2][double :1][landing pad word :29][segment id :32]
 *   other:  [kind=3 :2][0 :30][capability index :32]
 * </pre>
 */
public final class MessageReader implements Message {
  static final int STRUCT = 0;
  static final int LIST = 1;
  static final int FAR = 2;
  static final int OTHER = 3;

  private final ReaderOptions options;
  private ByteBuffer[] segments = new ByteBuffer[1];
  private int segmentCount;
  private long traversalLeft;
  private CapTable capTable;

  /**
   * Where a pointer leads: the segment, the byte offset of the content (not yet
   * bounds-checked) and the word describing the content (the pointer itself, its
   * landing pad, or a double-far tag).
   */
  record Target(int segment, long position, long pointer) {
  }

  public MessageReader(ReaderOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A reader over the given segments (each a multiple of 8 bytes), viewed, not copied. */
  public static MessageReader of(ReaderOptions options, ByteBuffer... segments) {
    return new MessageReader(options).reset(segments);
  }

  /** The capabilities this message's capability pointers index, or null outside RPC. */
  public CapTable capTable() {
    return capTable;
  }

  public MessageReader capTable(CapTable table) {
    this.capTable = table;
    return this;
  }

  /** Points this reader at a new message, restoring the traversal budget. */
  public MessageReader reset(ByteBuffer... newSegments) {
    if (newSegments.length == 0) {
      throw new CapnpDecodeException("message has no segments", 0);
    }
    if (newSegments.length > options.maxSegments()) {
      throw new CapnpDecodeException("message has " + newSegments.length + " segments, limit is "
          + options.maxSegments(), 0);
    }
    if (segments.length < newSegments.length) {
      segments = new ByteBuffer[newSegments.length];
    }
    for (int i = 0; i < newSegments.length; i++) {
      ByteBuffer s = newSegments[i];
      if (s.remaining() % 8 != 0) {
        throw new CapnpDecodeException("segment size " + s.remaining() + " is not a multiple of 8 bytes", i, 0);
      }
      segments[i] = s.slice().order(ByteOrder.LITTLE_ENDIAN);
    }
    for (int i = newSegments.length; i < segmentCount; i++) {
      segments[i] = null;
    }
    segmentCount = newSegments.length;
    traversalLeft = options.traversalLimitWords();
    return this;
  }

  public ReaderOptions options() {
    return options;
  }

  @Override
  public int segmentCount() {
    return segmentCount;
  }

  @Override
  public ByteBuffer segment(int index) {
    Objects.checkIndex(index, segmentCount);
    return segments[index].asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The root pointer (first word of segment 0), for reading it as any kind. */
  public PointerReader rootPointer() {
    if (segments[0].limit() < 8) {
      throw new CapnpDecodeException("first segment is empty, no root pointer", 0, 0);
    }
    return new PointerReader(this, 0, 0, options.nestingLimit());
  }

  /** A pointer slot at a byte position, with the full nesting budget. */
  PointerReader pointerAt(int segment, long bytePos) {
    return new PointerReader(this, segment, bytePos, options.nestingLimit());
  }

  /** The root struct; a null root reads as an empty struct (all defaults). */
  public StructReader root() {
    return rootPointer().getStruct(null);
  }

  /** Words still allowed by the traversal limit. */
  public long traversalWordsLeft() {
    return traversalLeft;
  }

  // ---- pointer decoding, shared by the reader classes ----

  long word(int segment, long bytePos) {
    return segments[segment].getLong((int) bytePos);
  }

  ByteBuffer buffer(int segment) {
    return segments[segment];
  }

  void boundsCheck(int segment, long bytePos, long words, String what) {
    boundsCheck(segment, bytePos, words, what, segment, bytePos);
  }

  /** Checks that the object lies inside its segment; errors name the pointer (refSegment, refPos). */
  void boundsCheck(int segment, long bytePos, long words, String what, int refSegment, long refPos) {
    long size = segments[segment].limit();
    if (bytePos < 0 || words < 0 || words > (size >> 3) || bytePos > size - (words << 3)) {
      throw new CapnpDecodeException(what + " out of bounds: " + words + " words at byte " + bytePos
          + " of segment " + segment + " (" + size + " bytes), pointed to by the pointer", refSegment, refPos);
    }
    charge(words, segment, bytePos);
  }

  void charge(long words, int segment, long bytePos) {
    traversalLeft -= words;
    if (traversalLeft < 0) {
      throw new CapnpDecodeException("traversal limit of " + options.traversalLimitWords()
          + " words exceeded (amplified or oversized message)", segment, bytePos);
    }
  }

  /** Resolves the pointer at (segment, refPos), following far pointers. */
  Target followFars(int segment, long refPos, long ptr) {
    if ((ptr & 3) != FAR) {
      return new Target(segment, refPos + 8 + (((int) ptr) >> 2) * 8L, ptr);
    }
    int padSegment = segmentId(ptr, segment, refPos);
    long padPos = ((ptr >>> 3) & 0x1FFFFFFFL) * 8;
    boolean doubleFar = (ptr & 4) != 0;
    boundsCheck(padSegment, padPos, doubleFar ? 2 : 1, "far pointer landing pad", segment, refPos);
    long pad = word(padSegment, padPos);
    if (!doubleFar) {
      if ((pad & 3) == FAR) {
        throw new CapnpDecodeException("far pointer landing pad is itself a far pointer", padSegment, padPos);
      }
      return new Target(padSegment, padPos + 8 + (((int) pad) >> 2) * 8L, pad);
    }
    if ((pad & 7) != FAR) {
      throw new CapnpDecodeException("double-far landing pad is not a single far pointer", padSegment, padPos);
    }
    long tag = word(padSegment, padPos + 8);
    if ((tag & 3) == FAR) {
      throw new CapnpDecodeException("double-far tag is a far pointer", padSegment, padPos + 8);
    }
    return new Target(segmentId(pad, padSegment, padPos), ((pad >>> 3) & 0x1FFFFFFFL) * 8, tag);
  }

  private int segmentId(long farPtr, int segment, long refPos) {
    long id = farPtr >>> 32;
    if (id >= segmentCount) {
      throw new CapnpDecodeException("far pointer to missing segment " + id + " (message has "
          + segmentCount + ")", segment, refPos);
    }
    return (int) id;
  }

  StructReader readStruct(int segment, long refPos, int nestingLimit) {
    long ptr = word(segment, refPos);
    if (ptr == 0) {
      return null;
    }
    if (nestingLimit <= 0) {
      throw new CapnpDecodeException("nesting limit exceeded (message too deep or cyclic)", segment, refPos);
    }
    int seg = segment;
    long pos;
    long p = ptr;
    if ((ptr & 3) != FAR) {
      // The common near pointer, resolved without allocating.
      pos = refPos + 8 + (((int) ptr) >> 2) * 8L;
    } else {
      Target t = followFars(segment, refPos, ptr);
      seg = t.segment();
      pos = t.position();
      p = t.pointer();
    }
    if ((p & 3) != STRUCT) {
      throw new CapnpDecodeException("expected a struct pointer, found " + kindName(p), segment, refPos);
    }
    int dataWords = (int) ((p >>> 32) & 0xFFFF);
    int ptrCount = (int) (p >>> 48);
    boundsCheck(seg, pos, dataWords + ptrCount, "struct", segment, refPos);
    return new StructReader(this, seg, (int) pos, dataWords * 64, (int) pos + dataWords * 8, ptrCount,
        nestingLimit - 1);
  }

  ListReader readList(int segment, long refPos, ElementSize expected, int nestingLimit) {
    long ptr = word(segment, refPos);
    if (ptr == 0) {
      return null;
    }
    if (nestingLimit <= 0) {
      throw new CapnpDecodeException("nesting limit exceeded (message too deep or cyclic)", segment, refPos);
    }
    int seg = segment;
    long pos;
    long p = ptr;
    if ((ptr & 3) != FAR) {
      pos = refPos + 8 + (((int) ptr) >> 2) * 8L;
    } else {
      Target t = followFars(segment, refPos, ptr);
      seg = t.segment();
      pos = t.position();
      p = t.pointer();
    }
    if ((p & 3) != LIST) {
      throw new CapnpDecodeException("expected a list pointer, found " + kindName(p), segment, refPos);
    }
    ElementSize size = ElementSize.ofTag((int) (p >>> 32));
    long count = p >>> 35;
    if (size == ElementSize.INLINE_COMPOSITE) {
      return readComposite(seg, pos, count, expected, nestingLimit, segment, refPos);
    }
    long step = size.stepBits();
    long words = (count * step + 63) / 64;
    boundsCheck(seg, pos, words, "list", segment, refPos);
    if (size == ElementSize.VOID) {
      // A list of empty elements costs nothing on the wire; charge one word per element.
      charge(count, seg, pos);
    }
    if (expected != null) {
      if (size == ElementSize.BIT && expected != ElementSize.BIT) {
        throw new CapnpDecodeException("found a bit list where a " + expected + " list was expected",
            seg, pos);
      }
      if (expected == ElementSize.BIT && size != ElementSize.BIT) {
        throw new CapnpDecodeException("found a " + size + " list where a bit list was expected", seg, pos);
      }
      if (expected.dataBits > size.dataBits || expected.pointers > size.pointers) {
        throw new CapnpDecodeException("list element size " + size + " is incompatible with expected "
            + expected, seg, pos);
      }
    }
    return new ListReader(this, seg, (int) pos, (int) count, (int) step, size.dataBits, size.pointers, size,
        nestingLimit - 1);
  }

  private ListReader readComposite(int seg, long pos, long wordCount, ElementSize expected, int nestingLimit,
      int refSegment, long refPos) {
    boundsCheck(seg, pos, wordCount + 1, "composite list", refSegment, refPos);
    long tag = word(seg, pos);
    if ((tag & 3) != STRUCT) {
      throw new CapnpDecodeException("composite list tag is not a struct pointer", seg, pos);
    }
    long count = (tag & 0xFFFFFFFFL) >>> 2;
    int dataWords = (int) ((tag >>> 32) & 0xFFFF);
    int ptrCount = (int) (tag >>> 48);
    long wordsPerElement = dataWords + ptrCount;
    if (count * wordsPerElement > wordCount) {
      throw new CapnpDecodeException("composite list elements (" + count + " x " + wordsPerElement
          + " words) overrun its word count " + wordCount, seg, pos);
    }
    if (wordsPerElement == 0) {
      // Zero-sized structs: charge one word per element against amplification.
      charge(count, seg, pos);
    }
    long first = pos + 8;
    if (expected != null) {
      switch (expected) {
        case BIT:
          throw new CapnpDecodeException("found a struct list where a bit list was expected", seg, pos);
        case BYTE, TWO_BYTES, FOUR_BYTES, EIGHT_BYTES:
          if (dataWords == 0) {
            throw new CapnpDecodeException("expected a primitive list, found pointer-only structs", seg, pos);
          }
          break;
        case POINTER:
          if (ptrCount == 0) {
            throw new CapnpDecodeException("expected a pointer list, found data-only structs", seg, pos);
          }
          break;
        default:
          break;
      }
    }
    return new ListReader(this, seg, (int) first, (int) count, (int) (wordsPerElement * 64), dataWords * 64,
        ptrCount, ElementSize.INLINE_COMPOSITE, nestingLimit - 1);
  }

  static String kindName(long ptr) {
    switch ((int) (ptr & 3)) {
      case STRUCT:
        return "a struct pointer";
      case LIST:
        return "a list pointer";
      case FAR:
        return "a far pointer";
      default:
        return ((ptr & 0xFFFFFFFFL) == OTHER) ? "a capability pointer" : "an unknown pointer kind";
    }
  }
}
