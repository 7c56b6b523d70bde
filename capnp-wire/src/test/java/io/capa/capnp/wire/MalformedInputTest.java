package io.capa.capnp.wire;

import static io.capa.capnp.wire.Words.capability;
import static io.capa.capnp.wire.Words.far;
import static io.capa.capnp.wire.Words.list;
import static io.capa.capnp.wire.Words.message;
import static io.capa.capnp.wire.Words.segment;
import static io.capa.capnp.wire.Words.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Regression tests: every malformed message ends in one CapnpDecodeException naming the problem. */
class MalformedInputTest {

  @Test
  void readStruct_cve2015_2310_offsetPlusSizeOverflowIsRejected() {
    // Largest positive offset and largest size: a 32-bit sum would wrap around.
    MessageReader m = message(struct(0x1FFFFFFF, 0xFFFF, 0xFFFF), 0);
    assertThatThrownBy(m::root).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("out of bounds")
        .hasMessageContaining("segment 0");
  }

  @Test
  void readList_cve2015_2310_elementCountTimesSizeOverflowIsRejected() {
    MessageReader m = message(struct(0, 0, 1), list(0x1FFFFFFF, ElementSize.EIGHT_BYTES, (1L << 29) - 1));
    assertThatThrownBy(() -> m.root().getList(0, ElementSize.EIGHT_BYTES, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("out of bounds");
  }

  @Test
  void farPointer_cve2015_2310_landingPadBeyondSegmentIsRejected() {
    MessageReader m = message(far(0, 0x1FFFFFFF, false));
    assertThatThrownBy(m::root).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("landing pad");
  }

  @Test
  void getText_cve2015_2311_zeroSizedTextIsRejectedButCopies() {
    MessageReader m = message(struct(0, 0, 1), list(0, ElementSize.BYTE, 0));
    assertThatThrownBy(() -> m.root().getText(0, null)).isInstanceOf(CapnpDecodeException.class)
        .hasMessageContaining("NUL");
    MessageBuilder copy = new MessageBuilder();
    copy.setRoot(m.root());
    assertThat(copy.asReader().root().getList(0, ElementSize.BYTE, null).size()).isZero();
  }

  @Test
  void readList_cve2015_2312_voidListAmplificationHitsTraversalLimit() {
    MessageReader m = message(list(0, ElementSize.VOID, (1L << 29) - 1));
    assertThatThrownBy(() -> m.rootPointer().getList(ElementSize.VOID, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("traversal limit");
  }

  @Test
  void readList_cve2015_2313_zeroSizedStructListAmplificationHitsTraversalLimit() {
    // Composite list of 0x3FFFFFFF empty structs, occupying only its tag word.
    MessageReader m = message(list(0, ElementSize.INLINE_COMPOSITE, 0), struct(0x3FFFFFFF, 0, 0));
    assertThatThrownBy(() -> m.rootPointer().getList(ElementSize.INLINE_COMPOSITE, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("traversal limit");
  }

  @Test
  void readList_repeatedSmallReadsAreChargedEveryTime() {
    MessageReader m = MessageReader.of(ReaderOptions.DEFAULT.withTraversalLimitWords(100),
        segment(list(0, ElementSize.VOID, 30)));
    for (int i = 0; i < 3; i++) {
      m.rootPointer().getList(ElementSize.VOID, null);
    }
    assertThatThrownBy(() -> m.rootPointer().getList(ElementSize.VOID, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("traversal limit");
    m.reset(segment(list(0, ElementSize.VOID, 30)));
    assertThat(m.rootPointer().getList(ElementSize.VOID, null).size()).isEqualTo(30);
  }

  @Test
  void readList_cve2022_46149_dataOnlyStructListReadAsPointerListIsRejected() {
    MessageReader m = message(list(0, ElementSize.INLINE_COMPOSITE, 2), struct(2, 1, 0), 0x41, 0x42);
    assertThatThrownBy(() -> m.rootPointer().getList(ElementSize.POINTER, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("data-only structs");
  }

  @Test
  void readList_structListWithPointersReadAsPointerListStaysInsideElements() {
    // Two elements of (1 data word, 1 pointer): element pointers are read, data is skipped.
    MessageReader m = message(list(0, ElementSize.INLINE_COMPOSITE, 4), struct(2, 1, 1),
        0x41, 0, 0x42, 0);
    ListReader l = m.rootPointer().getList(ElementSize.POINTER, null);
    assertThat(l.size()).isEqualTo(2);
    assertThat(l.getPointer(0).isNull()).isTrue();
    assertThat(l.getPointer(1).isNull()).isTrue();
  }

  @Test
  void readList_compositeTagWithOverflowingElementSizeIsRejected() {
    MessageReader m = message(list(0, ElementSize.INLINE_COMPOSITE, 1), struct(0x3FFFFFFF, 0xFFFF, 0xFFFF), 0);
    assertThatThrownBy(() -> m.rootPointer().getList(null, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("overrun");
  }

  @Test
  void readList_compositeTagThatIsNotAStructIsRejected() {
    MessageReader m = message(list(0, ElementSize.INLINE_COMPOSITE, 1), list(0, ElementSize.BYTE, 1), 0);
    assertThatThrownBy(() -> m.rootPointer().getList(null, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("tag is not a struct");
  }

  @Test
  void readList_bitListReadAsStructListIsRejected() {
    MessageReader m = message(list(0, ElementSize.BIT, 64), -1L);
    assertThatThrownBy(() -> m.rootPointer().getList(ElementSize.INLINE_COMPOSITE, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("bit list");
  }

  @Test
  void readList_hugeBitListReadAsStructListIsRejected() {
    MessageReader m = message(list(0, ElementSize.BIT, (1L << 29) - 1), -1L);
    assertThatThrownBy(() -> m.rootPointer().getList(ElementSize.INLINE_COMPOSITE, null))
        .isInstanceOf(CapnpDecodeException.class);
  }

  @Test
  void readList_byteListReadAsInt64ListIsRejected() {
    MessageReader m = message(list(0, ElementSize.BYTE, 8), 0);
    assertThatThrownBy(() -> m.rootPointer().getList(ElementSize.EIGHT_BYTES, null))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("incompatible");
  }

  @Test
  void readStruct_negativeOffsetBeforeSegmentStartIsRejected() {
    MessageReader m = message(struct(-5, 1, 0), 0);
    assertThatThrownBy(m::root).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("out of bounds")
        .hasMessageContaining("byte offset 0");
  }

  @Test
  void readStruct_selfReferenceHitsNestingLimit() {
    // A struct at word 0 whose only pointer is word 0 itself: an endless cycle.
    MessageReader m = message(struct(-1, 0, 1));
    StructReader s = m.root();
    assertThatThrownBy(() -> {
      StructReader cur = s;
      while (true) {
        cur = cur.getStruct(0, null);
      }
    }).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("nesting limit");
  }

  @Test
  void readStruct_deepChainRespectsConfiguredNestingLimit() {
    MessageBuilder b = new MessageBuilder();
    StructBuilder cur = b.initRoot(0, 1);
    for (int i = 0; i < 70; i++) {
      cur = cur.initStruct(0, 0, 1);
    }
    byte[] framed = Framing.toByteArray(b);
    MessageReader strict = Framing.read(ByteBuffer.wrap(framed), ReaderOptions.DEFAULT);
    assertThatThrownBy(() -> walk(strict.root(), 70)).isInstanceOf(CapnpDecodeException.class)
        .hasMessageContaining("nesting limit");
    MessageReader lax = Framing.read(ByteBuffer.wrap(framed), ReaderOptions.DEFAULT.withNestingLimit(100));
    walk(lax.root(), 70);
  }

  private static void walk(StructReader s, int depth) {
    StructReader cur = s;
    for (int i = 0; i < depth; i++) {
      cur = cur.getStruct(0, null);
    }
  }

  @Test
  void farPointer_toMissingSegmentIsRejected() {
    MessageReader m = message(far(3, 0, false));
    assertThatThrownBy(m::root).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("missing segment 3");
  }

  @Test
  void farPointer_landingPadThatIsFarIsRejected() {
    MessageReader m = message(far(0, 1, false), far(0, 1, false));
    assertThatThrownBy(m::root).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("itself a far");
  }

  @Test
  void doubleFar_landingPadThatIsNotFarIsRejected() {
    MessageReader m = message(far(0, 1, true), struct(0, 0, 0), struct(0, 0, 0));
    assertThatThrownBy(m::root).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("double-far");
  }

  @Test
  void doubleFar_validChainIsFollowed() {
    // Segment 0: root = double far to segment 1 word 0. Segment 1: pad (far to segment 2 word 0) + tag.
    // Segment 2: the struct content (one data word).
    ByteBuffer s0 = segment(far(1, 0, true));
    ByteBuffer s1 = segment(far(2, 0, false), struct(0, 1, 0));
    ByteBuffer s2 = segment(0x1234L);
    MessageReader m = MessageReader.of(ReaderOptions.DEFAULT, s0, s1, s2);
    assertThat(m.root().getLong(0)).isEqualTo(0x1234L);
  }

  @Test
  void capabilityPointer_readAsStructIsRejected() {
    MessageReader m = message(capability(2));
    assertThatThrownBy(m::root).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("capability");
    assertThat(m.rootPointer().capabilityIndex()).isEqualTo(2);
  }

  @Test
  void getText_missingNulTerminatorIsRejected() {
    MessageReader m = message(list(0, ElementSize.BYTE, 3), 0x636261L);
    assertThatThrownBy(() -> m.rootPointer().getText(null)).isInstanceOf(CapnpDecodeException.class)
        .hasMessageContaining("NUL-terminated");
  }

  @Test
  void reset_segmentNotWordAlignedIsRejected() {
    assertThatThrownBy(() -> MessageReader.of(ReaderOptions.DEFAULT, ByteBuffer.allocate(12)))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("multiple of 8");
  }

  @Test
  void reset_tooManySegmentsIsRejected() {
    ByteBuffer[] segs = new ByteBuffer[3];
    for (int i = 0; i < 3; i++) {
      segs[i] = segment(0);
    }
    assertThatThrownBy(() -> MessageReader.of(ReaderOptions.DEFAULT.withMaxSegments(2), segs))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("limit is 2");
  }
}
