package io.capa.capnp.wire.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.Packing;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.schema.Node;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Realistic large messages: the CodeGeneratorRequests that {@code capnp compile -o-}
 * writes for real schemas (schema.capnp describing itself included), and a 16 MiB Data
 * field.
 */
class LargeMessagesTest {
  private static final String SCHEMA_CAPNP = "/usr/include/capnp/schema.capnp";

  private static byte[] request(String schemaFile) {
    return CapnpTool.run(new byte[0], "compile", "-o-", schemaFile);
  }

  @ParameterizedTest
  @ValueSource(strings = {SCHEMA_CAPNP, "/usr/include/capnp/rpc.capnp", "/usr/include/capnp/compat/json.capnp",
      "/usr/include/capnp/persistent.capnp", "conformance.capnp"})
  void compileRequest_readCanonicalizedAndCopiedLikeTheTool(String schemaFile) {
    byte[] request = request(schemaFile);
    MessageReader m = Framing.read(ByteBuffer.wrap(request), ReaderOptions.DEFAULT);
    assertThat(Canonical.canonicalize(m.root())).isEqualTo(CapnpTool.run(request, "convert", "binary:canonical"));
    // The tool re-lays segments out when converting, so compare packing of the same segments.
    byte[] toolPacked = CapnpTool.run(request, "convert", "binary:packed");
    assertThat(Packing.pack(Packing.unpack(ByteBuffer.wrap(toolPacked), ReaderOptions.DEFAULT))).isEqualTo(toolPacked);
    MessageBuilder copy = new MessageBuilder(5, true);
    copy.setRoot(m.root());
    assertThat(copy.segmentCount()).isGreaterThan(3);
    String expected = new String(CapnpTool.run(request, "convert", "binary:text", SCHEMA_CAPNP, "CodeGeneratorRequest"),
        StandardCharsets.UTF_8);
    String actual = new String(CapnpTool.run(Framing.toByteArray(copy), "convert", "binary:text", SCHEMA_CAPNP,
        "CodeGeneratorRequest"), StandardCharsets.UTF_8);
    assertThat(actual).isEqualTo(expected);
  }

  /** Struct layouts loaded by Java equal what the tool prints with {@code -ocapnp}. */
  @ParameterizedTest
  @ValueSource(strings = {SCHEMA_CAPNP, "/usr/include/capnp/rpc.capnp"})
  void schemaLoader_structSizesMatchToolListing(String schemaFile) {
    Schema schema = io.capa.capnp.wire.schema.Schema.load(
        Framing.read(ByteBuffer.wrap(request(schemaFile)), ReaderOptions.DEFAULT.withTraversalLimitWords(1L << 30)));
    String listing = new String(CapnpTool.run(new byte[0], "compile", "-ocapnp", schemaFile), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("struct (\\w+) @0x([0-9a-f]+) \\{  # (\\d+) bytes, (\\d+) ptrs").matcher(listing);
    int checked = 0;
    while (m.find()) {
      long id = Long.parseUnsignedLong(m.group(2), 16);
      Node node = schema.node(id).orElseThrow();
      StructSchema s = (StructSchema) node.detail();
      assertThat(node.shortName()).endsWith(m.group(1));
      assertThat(s.dataWords() * 8).as(m.group(1)).isEqualTo(Integer.parseInt(m.group(3)));
      assertThat(s.pointerCount()).as(m.group(1)).isEqualTo(Integer.parseInt(m.group(4)));
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
  }

  @org.junit.jupiter.api.Test
  void sixteenMebibyteData_bothDirections() {
    byte[] data = new byte[16 * 1024 * 1024];
    new Random(16).nextBytes(data);
    StringBuilder text = new StringBuilder(data.length * 2 + 32).append("(dataField = 0x\"");
    for (byte b : data) {
      text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    byte[] binary = CapnpTool.textTo("binary", text.append("\")").toString());
    text.setLength(0);
    MessageReader m = Framing.read(ByteBuffer.wrap(binary), ReaderOptions.DEFAULT);
    Schema schema = CapnpTool.conformanceSchema();
    StructSchema type = (StructSchema) schema.findType("AllTypes").detail();
    ByteBuffer read = (ByteBuffer) new io.capa.capnp.wire.schema.DynamicStruct(schema, type, m.root()).get("dataField");
    assertThat(read).isEqualTo(ByteBuffer.wrap(data));
    byte[] canonical = Canonical.canonicalize(m.root());
    assertThat(canonical).isEqualTo(CapnpTool.run(binary, "convert", "binary:canonical"));
    MessageBuilder copy = new MessageBuilder(1024, true);
    copy.setRoot(m.root());
    assertThat(copy.segmentCount()).isGreaterThan(1);
    assertThat(CapnpTool.run(Framing.toByteArray(copy), "convert", "binary:canonical")).isEqualTo(canonical);
  }
}
