package io.capa.capnp.wire.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.tool.ConvertCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convert command against {@code capnp convert} on the same input. */
class ConvertCommandTest {
  private static final String SCHEMA = CapnpTool.INTEROP.resolve("conformance.capnp").toString();

  private record Result(int code, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  private static Result run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ConvertCommand.run(args, new ByteArrayInputStream(stdin), out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  private static final String VALUE = SerializationVectorsTest.VECTORS.get("everyField");

  @Test
  void binaryToJson_sameTextAsTool() {
    byte[] binary = CapnpTool.textTo("binary", VALUE);
    Result r = run(binary, "convert", "binary:json", SCHEMA, "AllTypes");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo(new String(CapnpTool.convert("binary:json", binary), StandardCharsets.UTF_8));
  }

  @Test
  void binaryToText_sameTextAsTool() {
    byte[] binary = CapnpTool.textTo("binary", VALUE);
    Result r = run(binary, "binary:text", SCHEMA, "AllTypes");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo(new String(CapnpTool.convert("binary:text", binary), StandardCharsets.UTF_8));
    Result shortForm = run(binary, "binary:text", "--short", SCHEMA, "AllTypes");
    assertThat(shortForm.text()).isEqualTo(CapnpTool.convertToText("binary:text", binary));
  }

  @Test
  void jsonToBinary_readByToolAsSameValue() {
    byte[] binary = CapnpTool.textTo("binary", VALUE);
    byte[] json = CapnpTool.convert("binary:json", binary);
    Result r = run(json, "convert", "json:binary", SCHEMA, "AllTypes");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(CapnpTool.convertToText("binary:text", r.out())).isEqualTo(CapnpTool.convertToText("binary:text", binary));
  }

  @Test
  void packedAndCanonical_matchTool(@TempDir Path dir) throws Exception {
    byte[] packed = CapnpTool.textTo("packed", VALUE);
    Path request = dir.resolve("request.bin");
    Files.write(request, CapnpTool.run(new byte[0], "compile", "-o-", "conformance.capnp"));
    Result r = run(packed, "packed:canonical", "--request=" + request, "AllTypes");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(CapnpTool.textTo("canonical", VALUE));
    Result json = run(packed, "packed:json", "x.capnp", "AllTypes", "--request=" + request);
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.text()).isEqualTo(new String(CapnpTool.convert("packed:json", packed), StandardCharsets.UTF_8));
  }

  @Test
  void severalMessages_convertedInOrder() {
    byte[] a = CapnpTool.textTo("binary", "(int32Field = 1)");
    byte[] b = CapnpTool.textTo("binary", "(int32Field = 2)");
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    Result r = run(both, "binary:json", SCHEMA, "AllTypes");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo(new String(CapnpTool.convert("binary:json", both), StandardCharsets.UTF_8));
  }

  @Test
  void malformedInput_exitsNonZeroNamingTheOffset() {
    byte[] binary = CapnpTool.textTo("binary", VALUE);
    // Corrupt the root pointer into a far pointer to a missing segment.
    binary[8] = 0x0A;
    binary[12] = 9;
    binary[13] = 0;
    binary[14] = 0;
    binary[15] = 0;
    Result r = run(binary, "binary:json", SCHEMA, "AllTypes");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("missing segment 9").contains("byte offset 0");
  }

  @Test
  void truncatedInput_exitsNonZero() {
    byte[] binary = CapnpTool.textTo("binary", VALUE);
    Result r = run(java.util.Arrays.copyOf(binary, binary.length - 16), "binary:canonical");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("stream ended");
  }

  @Test
  void badJson_exitsNonZeroNamingTheCharacter() {
    Result r = run("{\"int32Field\": 12,, }".getBytes(StandardCharsets.UTF_8), "json:binary", SCHEMA, "AllTypes");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("character 18");
  }

  @Test
  void jsonValueOutOfRange_exitsNonZero() {
    Result r = run("{\"int8Field\": 300}".getBytes(StandardCharsets.UTF_8), "json:binary", SCHEMA, "AllTypes");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("out of range");
  }

  @Test
  void unknownFormat_isAUsageError() {
    Result r = run(new byte[0], "convert", "binary:yaml", SCHEMA, "AllTypes");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("usage");
  }
}
