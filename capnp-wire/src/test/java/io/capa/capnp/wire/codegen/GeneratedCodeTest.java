package io.capa.capnp.wire.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.interop.ConformanceCapnp;
import io.capa.capnp.interop.ConformanceCapnp.AllTypes;
import io.capa.capnp.interop.ConformanceCapnp.Colour;
import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.ListBuilder;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.conformance.CapnpTool;
import io.capa.capnp.wire.conformance.SerializationVectorsTest;
import io.capa.capnp.wire.schema.DynamicEnum;
import io.capa.capnp.wire.schema.DynamicList;
import io.capa.capnp.wire.schema.DynamicStruct;
import io.capa.capnp.wire.schema.InterfaceSchema;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed generated code for conformance.capnp, checked against the dynamic API and the tool. */
class GeneratedCodeTest {

  static java.util.stream.Stream<String> vectorNames() {
    return SerializationVectorsTest.VECTORS.keySet().stream();
  }

  private static DynamicStruct dynamic(MessageReader m) {
    Schema schema = CapnpTool.conformanceSchema();
    return new DynamicStruct(schema, (StructSchema) schema.findType("AllTypes").detail(), m.root());
  }

  private static List<Object> plain(Object dynamicList) {
    DynamicList l = (DynamicList) dynamicList;
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      Object v = l.get(i);
      out.add(v instanceof DynamicList ? plain(v) : v instanceof DynamicEnum e ? e.name().orElseThrow() : v);
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("vectorNames")
  void reader_agreesWithDynamicApiOnToolVectors(String name) {
    byte[] binary = CapnpTool.textTo("binary", SerializationVectorsTest.VECTORS.get(name), "--segment-size=3");
    MessageReader m = Framing.read(ByteBuffer.wrap(binary), ReaderOptions.DEFAULT);
    AllTypes.Reader r = AllTypes.read(m);
    DynamicStruct d = dynamic(m);
    assertThat(r.getBoolField()).isEqualTo(d.get("boolField"));
    assertThat(r.getInt8Field()).isEqualTo(d.get("int8Field"));
    assertThat(r.getInt16Field()).isEqualTo(d.get("int16Field"));
    assertThat(r.getInt32Field()).isEqualTo(d.get("int32Field"));
    assertThat(r.getInt64Field()).isEqualTo(d.get("int64Field"));
    assertThat(r.getUInt8Field()).isEqualTo(d.get("uInt8Field"));
    assertThat(r.getUInt16Field()).isEqualTo(d.get("uInt16Field"));
    assertThat(r.getUInt32Field()).isEqualTo(d.get("uInt32Field"));
    assertThat(r.getUInt64Field()).isEqualTo(d.get("uInt64Field"));
    assertThat(r.getFloat32Field()).isEqualTo(d.get("float32Field"));
    assertThat(r.getFloat64Field()).isEqualTo(d.get("float64Field"));
    assertThat(r.getTextField()).isEqualTo(d.get("textField"));
    assertThat(r.getDataField()).isEqualTo(d.get("dataField"));
    assertThat(r.getStructField().getId()).isEqualTo(((DynamicStruct) d.get("structField")).get("id"));
    assertThat(r.getStructField().getLabel()).isEqualTo(((DynamicStruct) d.get("structField")).get("label"));
    assertThat(r.getEnumField().name()).isEqualToIgnoringCase(((DynamicEnum) d.get("enumField")).name().orElseThrow());
    assertThat(r.getBoolList()).isEqualTo(plain(d.get("boolList")));
    assertThat(r.getInt8List()).isEqualTo(plain(d.get("int8List")));
    assertThat(r.getInt64List()).isEqualTo(plain(d.get("int64List")));
    assertThat(r.getUInt16List()).isEqualTo(plain(d.get("uInt16List")));
    assertThat(r.getFloat64List()).isEqualTo(plain(d.get("float64List")));
    assertThat(r.getTextList()).isEqualTo(plain(d.get("textList")));
    assertThat(r.getDataList()).isEqualTo(plain(d.get("dataList")));
    assertThat(r.getEnumList().stream().map(c -> c.name().toLowerCase()).toList()).isEqualTo(plain(d.get("enumList")));
    assertThat(r.getListOfLists()).isEqualTo(plain(d.get("listOfLists")));
    assertThat(r.getStructList().stream().map(AllTypesViews::inner).toList())
        .isEqualTo(plain(d.get("structList")).stream().map(AllTypesViews::inner).toList());
    assertThat(r.getDefaultInt()).isEqualTo(d.get("defaultInt"));
    assertThat(r.getDefaultText()).isEqualTo(d.get("defaultText"));
    assertThat(r.getDefaultBool()).isEqualTo(d.get("defaultBool"));
    assertThat(r.getDefaultFloat()).isEqualTo(d.get("defaultFloat"));
    assertThat(AllTypesViews.inner(r.getDefaultStruct())).isEqualTo(AllTypesViews.inner(d.get("defaultStruct")));
    assertThat(r.getDefaultList()).isEqualTo(plain(d.get("defaultList")));
    DynamicStruct choice = (DynamicStruct) d.get("choice");
    assertThat(r.getChoice().which().name()).isEqualToIgnoringCase(choice.which().orElseThrow().name());
    if (r.getChoice().isWord()) {
      assertThat(r.getChoice().getWord()).isEqualTo(choice.get("word"));
    }
    if (r.getChoice().isNumber()) {
      assertThat(r.getChoice().getNumber()).isEqualTo(choice.get("number"));
    }
    DynamicStruct place = (DynamicStruct) d.get("place");
    assertThat(r.getPlace().getStreet()).isEqualTo(place.get("street"));
    assertThat(r.getPlace().getCity()).isEqualTo(place.get("city"));
    assertThat(r.getPlace().getZip()).isEqualTo(place.get("zip"));
    assertThat(r.hasSelf()).isEqualTo(d.has(d.type().field("self").orElseThrow()));
    assertThat(r.getSelf().getInt32Field()).isEqualTo(((DynamicStruct) d.get("self")).get("int32Field"));
  }

  @Test
  void builder_writesWhatTheToolReadsAsTheSameValue() {
    MessageBuilder b = new MessageBuilder(4, false);
    AllTypes.Builder a = AllTypes.initRoot(b);
    a.setBoolField(true);
    a.setInt8Field((byte) -128);
    a.setUInt8Field((short) 255);
    a.setUInt32Field(4294967295L);
    a.setInt64Field(Long.MIN_VALUE);
    a.setFloat32Field(3.5f);
    a.setTextField("héllo ✓");
    a.setDataField(new byte[] {0, 1, (byte) 255});
    a.initStructField().setLabel("inner");
    a.setEnumField(Colour.BLUE);
    ListBuilder bools = a.initBoolList(3);
    bools.setBool(0, true);
    bools.setBool(2, true);
    List<ConformanceCapnp.Inner.Builder> inners = a.initStructList(2);
    inners.get(0).setId(1);
    inners.get(1).setLabel("two");
    ListBuilder lists = a.initListOfLists(2);
    ListBuilder first = lists.getPointer(0).initList(ElementSize.FOUR_BYTES, 2);
    first.setInt(0, 7);
    first.setInt(1, -7);
    a.setInt64List(List.of(Long.MAX_VALUE, -1L));
    a.setUInt16List(List.of(0, 65535));
    a.setTextList(List.of("a", "ü"));
    a.setEnumList(List.of(Colour.GREEN, Colour.RED));
    a.setFloat64List(List.of(0.5, -2.0));
    a.setDataList(List.of(ByteBuffer.wrap(new byte[] {1, 2})));
    a.setDefaultInt(0);
    a.setDefaultBool(false);
    a.getChoice().setNumber(-42);
    a.getPlace().setZip(12345);
    a.initSelf().initSelf().setTextField("deep");
    String expected = CapnpTool.convertToText("binary:text", CapnpTool.textTo("binary", """
        (boolField = true, int8Field = -128, uInt8Field = 255, uInt32Field = 4294967295,
         int64Field = -9223372036854775808, float32Field = 3.5, textField = "héllo ✓", dataField = 0x"0001ff",
         structField = (label = "inner"), enumField = blue, boolList = [true, false, true],
         int64List = [9223372036854775807, -1], uInt16List = [0, 65535], textList = ["a", "ü"],
         enumList = [green, red], float64List = [0.5, -2], dataList = [0x"0102"],
         structList = [(id = 1), (label = "two")], listOfLists = [[7, -7], []], defaultInt = 0,
         defaultBool = false, choice = (number = -42), place = (zip = 12345),
         self = (self = (textField = "deep")))"""));
    String actual = CapnpTool.convertToText("binary:text", Framing.toByteArray(b));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void emptyMessage_readsSchemaDefaults() {
    MessageBuilder b = new MessageBuilder();
    AllTypes.initRoot(b);
    MessageReader m = b.asReader();
    AllTypes.Reader r = AllTypes.read(m);
    DynamicStruct d = dynamic(m);
    assertThat(r.getDefaultInt()).isEqualTo(d.get("defaultInt")).isNotEqualTo(0);
    assertThat(r.getDefaultText()).isEqualTo(d.get("defaultText")).isNotEmpty();
    assertThat(r.getDefaultBool()).isEqualTo(d.get("defaultBool")).isEqualTo(true);
    assertThat(r.getDefaultFloat()).isEqualTo(d.get("defaultFloat"));
    assertThat(AllTypesViews.inner(r.getDefaultStruct())).isEqualTo(AllTypesViews.inner(d.get("defaultStruct")));
    assertThat(r.getDefaultList()).isEqualTo(plain(d.get("defaultList"))).isNotEmpty();
    assertThat(r.hasDefaultList()).isFalse();
    assertThat(r.getChoice().which()).isEqualTo(AllTypes.Choice.Which.NONE);
  }

  @Test
  void interfaces_methodIdsMatchTheSchema() {
    Schema schema = CapnpTool.conformanceSchema();
    InterfaceSchema conformance = (InterfaceSchema) schema.findType("Conformance").detail();
    assertThat(ConformanceCapnp.Conformance.TYPE_ID).isEqualTo(conformance.id());
    Map<String, Integer> ids = Map.of("echo", ConformanceCapnp.Conformance.METHOD_ECHO,
        "roundTrip", ConformanceCapnp.Conformance.METHOD_ROUND_TRIP,
        "liveCounters", ConformanceCapnp.Conformance.METHOD_LIVE_COUNTERS);
    for (InterfaceSchema.Method m : conformance.methods()) {
      if (ids.containsKey(m.name())) {
        assertThat(ids.get(m.name())).as(m.name()).isEqualTo(m.ordinal());
      }
    }
    assertThat(ConformanceCapnp.Conformance.EchoParams.TYPE_ID).isEqualTo(conformance.methods().get(0).paramStructId());
  }

  @Test
  void enums_unknownOrdinalReadsAsNotInSchema() {
    MessageBuilder b = new MessageBuilder();
    AllTypes.Builder a = AllTypes.initRoot(b);
    a.raw().setShort(dynamicEnumOffset(), (short) 77, (short) 0);
    assertThat(AllTypes.read(b.asReader()).getEnumField()).isEqualTo(Colour._NOT_IN_SCHEMA);
  }

  private static int dynamicEnumOffset() {
    Schema schema = CapnpTool.conformanceSchema();
    return ((StructSchema) schema.findType("AllTypes").detail()).field("enumField").orElseThrow().offset();
  }
}
