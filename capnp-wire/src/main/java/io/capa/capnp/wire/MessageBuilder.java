package io.capa.capnp.wire;

import io.capa.capnp.wire.internal.BuilderArena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A message under construction. Its arena grows by adding segments (never by moving
 * what was written), so builders obtained earlier stay valid. The first word of the
 * first segment is the root pointer.
 */
public final class MessageBuilder implements Message {
  /** Default first segment: 1 KiB, then doubling. */
  public static final int DEFAULT_FIRST_SEGMENT_WORDS = 128;

  private static final ReaderOptions TRUSTED = new ReaderOptions(Long.MAX_VALUE, 1 << 20, Integer.MAX_VALUE,
      Integer.MAX_VALUE - 8);

  final BuilderArena arena;
  private CapTable capTable;

  public MessageBuilder() {
    this(DEFAULT_FIRST_SEGMENT_WORDS, true);
  }

  /**
   * @param firstSegmentWords size of the first segment
   * @param grow whether later segments double in size; if false every new segment has
   *     the first one's size (or the size of the object that needs it), which is how
   *     tests force far pointers
   */
  public MessageBuilder(int firstSegmentWords, boolean grow) {
    this.arena = new BuilderArena(firstSegmentWords, grow);
    arena.tryAllocate(0, 1);
  }

  /** The table capability pointers of this message index, or null outside RPC. */
  public CapTable capTable() {
    return capTable;
  }

  public MessageBuilder capTable(CapTable table) {
    this.capTable = table;
    return this;
  }

  public PointerBuilder rootPointer() {
    return new PointerBuilder(this, 0, 0);
  }

  public StructBuilder initRoot(int dataWords, int pointerCount) {
    return rootPointer().initStruct(dataWords, pointerCount);
  }

  /** Deep-copies {@code source} as this message's root. */
  public void setRoot(StructReader source) {
    rootPointer().setStruct(Objects.requireNonNull(source, "source"));
  }

  @Override
  public int segmentCount() {
    return arena.segmentCount();
  }

  @Override
  public ByteBuffer segment(int index) {
    Objects.checkIndex(index, arena.segmentCount());
    return arena.buffer(index).asReadOnlyBuffer().limit(arena.usedWords(index) * 8).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Total words in use over all segments. */
  public long sizeInWords() {
    long n = 0;
    for (int i = 0; i < arena.segmentCount(); i++) {
      n += arena.usedWords(i);
    }
    return n;
  }

  /** A reader over what has been built so far (no limits: the content is our own). */
  public MessageReader asReader() {
    return trustedReader();
  }

  MessageReader trustedReader() {
    ByteBuffer[] segs = new ByteBuffer[arena.segmentCount()];
    for (int i = 0; i < segs.length; i++) {
      segs[i] = segment(i);
    }
    return MessageReader.of(TRUSTED, segs).capTable(capTable);
  }
}
