package io.capa.capnp.wire.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.Packing;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.schema.DynamicStruct;
import io.capa.capnp.wire.schema.DynamicStructBuilder;
import io.capa.capnp.wire.schema.JsonCodec;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serialization vectors of conformance.md: the reference tool writes each value
 * (binary, packed, canonical, and split into small segments joined by far pointers),
 * Java reads it with every field equal, Java writes it back and the tool reads the same
 * text, and Java's canonical form is byte-identical to the tool's.
 */
public class SerializationVectorsTest {
  public static final Map<String, String> VECTORS = new TreeMap<>(Map.ofEntries(
      Map.entry("allDefaults", "()"),
      Map.entry("everyField", """
          (voidField = void, boolField = true, int8Field = -128, int16Field = -32768,
           int32Field = -2147483648, int64Field = -9223372036854775808, uInt8Field = 255,
           uInt16Field = 65535, uInt32Field = 4294967295, uInt64Field = 18446744073709551615,
           float32Field = 3.5, float64Field = -1.25e300, textField = "plain", dataField = 0x"0001ff",
           structField = (id = 12, label = "inner"), enumField = blue,
           boolList = [true, false, true, true, false, false, false, false, true],
           int8List = [1, -1, 127], int64List = [9223372036854775807, -1], uInt16List = [0, 65535],
           float64List = [0.5, -0.0, inf, -inf, nan, 1.5e-7], textList = ["a", "", "\\n\\"q\\""],
           dataList = [0x"78", ""], structList = [(id = 1, label = "one"), (id = 2), ()],
           enumList = [red, green, blue], listOfLists = [[1, 2, 3], [], [-7]],
           defaultInt = 0, defaultText = "", defaultBool = false, defaultFloat = 0,
           defaultStruct = (), defaultList = [], choice = (word = "picked"),
           place = (street = "Main St", city = "Springfield", zip = 12345),
           self = (int32Field = 5, self = (textField = "deep", self = ())))"""),
      Map.entry("listsOfEverySize", """
          (boolList = [true], int8List = [-2, 3], uInt16List = [7], int64List = [1, 2, 3],
           float64List = [2.25], textList = ["x"], dataList = [0x"ff00"], enumList = [green],
           structList = [(id = 4294967295, label = "max")], listOfLists = [[2147483647], [-2147483648, 0]])"""),
      Map.entry("emptyStructList", "(structList = [], textList = [], listOfLists = [[]])"),
      Map.entry("unionNone", "(choice = (none = void))"),
      Map.entry("unionNumber", "(choice = (number = -42))"),
      Map.entry("unionWord", "(choice = (word = \"w\"))"),
      Map.entry("unionNested", "(choice = (nested = (id = 3, label = \"n\")))"),
      Map.entry("utf8Text", """
          (textField = "héllo wörld ✓ 😀 — ∑ 中文", textList = ["ß", "€", "𝄞"],
           place = (city = "Zürich"))""")));

  static Stream<Arguments> vectors() {
    return VECTORS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static final ReaderOptions OPTIONS = ReaderOptions.DEFAULT;

  private static DynamicStruct allTypes(MessageReader m) {
    Schema schema = CapnpTool.conformanceSchema();
    StructSchema type = (StructSchema) schema.findType("AllTypes").detail();
    return new DynamicStruct(schema, type, m.root());
  }

  private static MessageReader read(byte[] framed) {
    return Framing.read(ByteBuffer.wrap(framed), OPTIONS);
  }

  private static Object toolJson(byte[] binary) {
    return JsonTrees.parse(CapnpTool.convertToText("binary:json", binary));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void toolBinary_readByJava_everyFieldEqual(String name, String text) {
    byte[] binary = CapnpTool.textTo("binary", text);
    Object expected = toolJson(binary);
    assertThat(JsonTrees.parse(JsonCodec.encode(allTypes(read(binary))))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void toolFarPointers_readByJava_everyFieldEqual(String name, String text) {
    Object expected = toolJson(CapnpTool.textTo("binary", text));
    for (String size : new String[] {"1", "2", "3", "7"}) {
      byte[] segmented = CapnpTool.textTo("binary", text, "--segment-size=" + size);
      MessageReader m = read(segmented);
      if (!name.equals("allDefaults")) {
        assertThat(m.segmentCount()).as("segments at size " + size).isGreaterThan(1);
      }
      assertThat(JsonTrees.parse(JsonCodec.encode(allTypes(m)))).as("segment size " + size).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void toolPacked_readByJava_andJavaPackingIsByteIdentical(String name, String text) {
    byte[] binary = CapnpTool.textTo("binary", text);
    byte[] packed = CapnpTool.textTo("packed", text);
    MessageReader m = Packing.unpack(ByteBuffer.wrap(packed), OPTIONS);
    assertThat(JsonTrees.parse(JsonCodec.encode(allTypes(m)))).isEqualTo(toolJson(binary));
    assertThat(Packing.pack(read(binary))).isEqualTo(packed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void javaWritten_readByTool_sameText(String name, String text) {
    byte[] binary = CapnpTool.textTo("binary", text);
    String expected = CapnpTool.convertToText("binary:text", binary);
    for (int segmentWords : new int[] {1, 3, 1024}) {
      MessageBuilder copy = new MessageBuilder(segmentWords, false);
      copy.setRoot(read(binary).root());
      assertThat(CapnpTool.convertToText("binary:text", Framing.toByteArray(copy)))
          .as("copy with %d-word segments", segmentWords).isEqualTo(expected);
      assertThat(CapnpTool.convertToText("packed:text", Packing.pack(copy))).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void javaBuiltFromJson_readByTool_sameText(String name, String text) {
    byte[] binary = CapnpTool.textTo("binary", text);
    String json = JsonCodec.encode(allTypes(read(binary)));
    Schema schema = CapnpTool.conformanceSchema();
    StructSchema type = (StructSchema) schema.findType("AllTypes").detail();
    MessageBuilder b = new MessageBuilder(4, false);
    JsonCodec.decode(json, new DynamicStructBuilder(schema, type, b.initRoot(type.dataWords(), type.pointerCount())));
    assertThat(CapnpTool.convertToText("binary:text", Framing.toByteArray(b)))
        .isEqualTo(CapnpTool.convertToText("binary:text", binary));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void textFormat_sameTextAsTool(String name, String text) {
    byte[] binary = CapnpTool.textTo("binary", text);
    DynamicStruct value = allTypes(read(binary));
    assertThat(io.capa.capnp.wire.schema.TextFormat.print(value, true) + "\n")
        .isEqualTo(new String(CapnpTool.convert("binary:text", binary), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(io.capa.capnp.wire.schema.TextFormat.print(value, false))
        .isEqualTo(CapnpTool.convertToText("binary:text", binary).trim());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void canonicalize_byteIdenticalToTool(String name, String text) {
    byte[] expected = CapnpTool.textTo("canonical", text);
    assertThat(Canonical.canonicalize(read(CapnpTool.textTo("binary", text)).root())).isEqualTo(expected);
    byte[] segmented = CapnpTool.textTo("binary", text, "--segment-size=2");
    assertThat(Canonical.canonicalize(read(segmented).root())).isEqualTo(expected);
    assertThat(Canonical.isCanonical(MessageReader.of(OPTIONS, ByteBuffer.wrap(expected)))).isTrue();
  }
}
