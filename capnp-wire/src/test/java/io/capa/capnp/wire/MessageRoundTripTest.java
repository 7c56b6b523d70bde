package io.capa.capnp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Builds messages with every kind of field and reads them back, across segment sizes. */
class MessageRoundTripTest {

  /** Builds a struct exercising every element size; small segments force far pointers. */
  static MessageBuilder buildSample(int firstSegmentWords) {
    MessageBuilder m = new MessageBuilder(firstSegmentWords, false);
    StructBuilder root = m.initRoot(3, 8);
    root.setBool(0, true, false);
    root.setBool(1, false, true);
    root.setByte(1, (byte) -5, (byte) 0);
    root.setShort(1, (short) 1234, (short) 0);
    root.setInt(1, -99, 7);
    root.setLong(1, Long.MIN_VALUE, 0);
    root.setDouble(2, 2.5, 0);
    root.setText(0, "héllo ✓");
    root.setData(1, new byte[] {1, 2, 3, 0, (byte) 255});
    StructBuilder child = root.initStruct(2, 1, 1);
    child.setLong(0, 42);
    child.setText(0, "child");
    ListBuilder bits = root.initList(3, ElementSize.BIT, 70);
    for (int i = 0; i < 70; i++) {
      bits.setBool(i, i % 3 == 0);
    }
    ListBuilder structs = root.initStructList(4, 3, 1, 1);
    for (int i = 0; i < 3; i++) {
      structs.getStruct(i).setInt(0, i * 10);
      structs.getStruct(i).setText(0, "s" + i);
    }
    ListBuilder lists = root.initList(5, ElementSize.POINTER, 2);
    ListBuilder inner0 = lists.getPointer(0).initList(ElementSize.FOUR_BYTES, 2);
    inner0.setInt(0, 1);
    inner0.setInt(1, 2);
    lists.getPointer(1).initList(ElementSize.EIGHT_BYTES, 0);
    ListBuilder shorts = root.initList(6, ElementSize.TWO_BYTES, 3);
    shorts.setShort(2, (short) -1);
    root.initStruct(7, 0, 0);
    return m;
  }

  static void checkSample(StructReader root) {
    assertThat(root.getBool(0, false)).isTrue();
    assertThat(root.getBool(1, true)).isFalse();
    assertThat(root.getByte(1, (byte) 0)).isEqualTo((byte) -5);
    assertThat(root.getShort(1, (short) 0)).isEqualTo((short) 1234);
    assertThat(root.getInt(1, 7)).isEqualTo(-99);
    assertThat(root.getLong(1, 0)).isEqualTo(Long.MIN_VALUE);
    assertThat(root.getDouble(2, 0)).isEqualTo(2.5);
    assertThat(root.getText(0, null)).isEqualTo("héllo ✓");
    ByteBuffer data = root.getData(1, null);
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    assertThat(bytes).containsExactly(1, 2, 3, 0, (byte) 255);
    StructReader child = root.getStruct(2, null);
    assertThat(child.getLong(0)).isEqualTo(42);
    assertThat(child.getText(0, null)).isEqualTo("child");
    ListReader bits = root.getList(3, ElementSize.BIT, null);
    assertThat(bits.size()).isEqualTo(70);
    for (int i = 0; i < 70; i++) {
      assertThat(bits.getBool(i)).isEqualTo(i % 3 == 0);
    }
    ListReader structs = root.getList(4, ElementSize.INLINE_COMPOSITE, null);
    assertThat(structs.size()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(structs.getStruct(i).getInt(0)).isEqualTo(i * 10);
      assertThat(structs.getStruct(i).getText(0, null)).isEqualTo("s" + i);
    }
    ListReader lists = root.getList(5, ElementSize.POINTER, null);
    ListReader inner0 = lists.getList(0, ElementSize.FOUR_BYTES);
    assertThat(inner0.getInt(0)).isEqualTo(1);
    assertThat(inner0.getInt(1)).isEqualTo(2);
    assertThat(lists.getList(1, ElementSize.EIGHT_BYTES).size()).isZero();
    ListReader shorts = root.getList(6, ElementSize.TWO_BYTES, null);
    assertThat(shorts.getShort(2)).isEqualTo((short) -1);
    assertThat(root.hasPointer(7)).isTrue();
    assertThat(root.getPointer(7).kind()).isEqualTo(PointerKind.STRUCT);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 1024})
  void framedRoundTrip_readsEveryField(int segmentWords) {
    MessageBuilder m = buildSample(segmentWords);
    if (segmentWords < 8) {
      assertThat(m.segmentCount()).isGreaterThan(1);
    }
    MessageReader r = Framing.read(ByteBuffer.wrap(Framing.toByteArray(m)), ReaderOptions.DEFAULT);
    checkSample(r.root());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 1024})
  void setRoot_deepCopiesAcrossMessages(int segmentWords) {
    MessageReader source = Framing.read(ByteBuffer.wrap(Framing.toByteArray(buildSample(3))), ReaderOptions.DEFAULT);
    MessageBuilder copy = new MessageBuilder(segmentWords, false);
    copy.setRoot(source.root());
    checkSample(copy.asReader().root());
    assertThat(Canonical.canonicalize(copy.asReader().root())).isEqualTo(Canonical.canonicalize(source.root()));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 64})
  void packedRoundTrip_readsEveryField(int segmentWords) {
    byte[] packed = Packing.pack(buildSample(segmentWords));
    checkSample(Packing.unpack(ByteBuffer.wrap(packed), ReaderOptions.DEFAULT).root());
  }

  @org.junit.jupiter.api.Test
  void nullPointers_readAsDefaults() {
    MessageBuilder m = new MessageBuilder();
    m.initRoot(1, 2);
    StructReader root = m.asReader().root();
    assertThat(root.getText(0, "dflt")).isEqualTo("dflt");
    assertThat(root.getStruct(1, null).getInt(0, 5)).isEqualTo(5);
    assertThat(root.getList(0, ElementSize.BYTE, null).size()).isZero();
    // Fields beyond the struct's sections read as defaults (schema evolution).
    assertThat(root.getLong(9, 77)).isEqualTo(77);
    assertThat(root.getPointer(9).isNull()).isTrue();
  }

  @org.junit.jupiter.api.Test
  void copyFrom_replacesEverythingTheStructHeld() {
    MessageBuilder m = new MessageBuilder();
    StructBuilder target = m.initRoot(2, 2);
    target.setLong(1, 99);
    target.setText(1, "stale");
    MessageBuilder source = new MessageBuilder();
    source.initRoot(1, 1).setText(0, "fresh");
    target.copyFrom(source.asReader().root());
    StructReader r = m.asReader().root();
    assertThat(r.getText(0, null)).isEqualTo("fresh");
    assertThat(r.getLong(1, 0)).isZero();
    assertThat(r.hasPointer(1)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void zeroSizedStruct_isNotNull() {
    MessageBuilder m = new MessageBuilder();
    StructBuilder root = m.initRoot(0, 1);
    root.initStruct(0, 0, 0);
    long rootWord = m.segment(0).getLong(0);
    assertThat(rootWord).isNotZero();
    assertThat(m.asReader().root().hasPointer(0)).isTrue();
  }

  @org.junit.jupiter.api.Test
  void primitiveList_upgradesToStructList() {
    MessageBuilder m = new MessageBuilder();
    ListBuilder l = m.rootPointer().initList(ElementSize.FOUR_BYTES, 3);
    l.setInt(0, 10);
    l.setInt(2, 30);
    ListReader asStructs = m.asReader().rootPointer().getList(ElementSize.INLINE_COMPOSITE, null);
    assertThat(asStructs.getStruct(2).getInt(0, 0)).isEqualTo(30);
    assertThat(asStructs.getStruct(2).getLong(0, 9)).isEqualTo(9);
  }
}
