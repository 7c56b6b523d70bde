package io.capa.capnp.wire.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.schema.DynamicListBuilder;
import io.capa.capnp.wire.schema.DynamicStruct;
import io.capa.capnp.wire.schema.DynamicStructBuilder;
import io.capa.capnp.wire.schema.FieldSchema;
import io.capa.capnp.wire.schema.JsonCodec;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import io.capa.capnp.wire.schema.TextFormat;
import io.capa.capnp.wire.schema.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random AllTypes values round-trip through the reference tool in both directions:
 * Java-built messages read by the tool give the same JSON as Java's own encoding, the
 * tool's encoding of that JSON reads back in Java to the same canonical bytes, and the
 * tool's canonical form of a Java message equals Java's.
 */
class RandomAllTypesPropertyTest {
  private static final int SAMPLES = 30;

  @Test
  void randomValues_roundTripThroughToolBothWays() {
    long baseSeed = Long.getLong("capnp.property.seed", System.nanoTime());
    Schema schema = CapnpTool.conformanceSchema();
    StructSchema type = (StructSchema) schema.findType("AllTypes").detail();
    for (int i = 0; i < SAMPLES; i++) {
      long seed = baseSeed + i;
      Random random = new Random(seed);
      MessageBuilder b = new MessageBuilder(1 + random.nextInt(64), random.nextBoolean());
      fill(new DynamicStructBuilder(schema, type, b.initRoot(type.dataWords(), type.pointerCount())), random, 0);
      byte[] javaBinary = Framing.toByteArray(b);
      MessageReader javaMessage = Framing.read(ByteBuffer.wrap(javaBinary), ReaderOptions.DEFAULT);
      String javaJson = JsonCodec.encode(new DynamicStruct(schema, type, javaMessage.root()));
      byte[] javaCanonical = Canonical.canonicalize(javaMessage.root());
      String why = "seed " + seed + " (rerun with -Dcapnp.property.seed=" + seed + ")";

      String toolJson = new String(CapnpTool.convert("binary:json", javaBinary), StandardCharsets.UTF_8);
      assertThat(JsonTrees.parse(toolJson)).as(why).isEqualTo(JsonTrees.parse(javaJson));
      assertThat(javaJson + "\n").as(why + ": same text as the tool").isEqualTo(toolJson);
      assertThat(JsonCodec.encode(new DynamicStruct(schema, type, javaMessage.root()), false)).as(why)
          .isEqualTo(CapnpTool.convertToText("binary:json", javaBinary).trim());

      DynamicStruct javaValue = new DynamicStruct(schema, type, javaMessage.root());
      assertThat(TextFormat.print(javaValue, true) + "\n").as(why + ": text")
          .isEqualTo(new String(CapnpTool.convert("binary:text", javaBinary), StandardCharsets.UTF_8));
      assertThat(TextFormat.print(javaValue, false)).as(why + ": short text")
          .isEqualTo(CapnpTool.convertToText("binary:text", javaBinary).trim());

      byte[] toolBinary = CapnpTool.convert("json:binary", (javaJson + "\n").getBytes(StandardCharsets.UTF_8));
      MessageReader fromTool = Framing.read(ByteBuffer.wrap(toolBinary), ReaderOptions.DEFAULT);
      assertThat(Canonical.canonicalize(fromTool.root())).as(why).isEqualTo(javaCanonical);

      assertThat(CapnpTool.run(javaBinary, "convert", "binary:canonical")).as(why).isEqualTo(javaCanonical);
    }
  }

  private static void fill(DynamicStructBuilder s, Random r, int depth) {
    for (FieldSchema f : s.type().fields()) {
      if (f.inUnion() || r.nextInt(4) == 0) {
        continue;
      }
      if (f.isGroup()) {
        fill(s.init(f), r, depth);
        continue;
      }
      setField(s, f, r, depth);
    }
    if (s.type().hasUnion()) {
      var members = s.type().fields().stream().filter(FieldSchema::inUnion).toList();
      setField(s, members.get(r.nextInt(members.size())), r, depth);
    }
  }

  private static void setField(DynamicStructBuilder s, FieldSchema f, Random r, int depth) {
    if (f.isGroup()) {
      fill(s.init(f), r, depth);
      return;
    }
    Type t = f.type();
    switch (t.kind()) {
      case STRUCT -> {
        if (depth < 3) {
          fill(s.init(f), r, depth + 1);
        }
      }
      case LIST -> fillList(s.initList(f, r.nextInt(5)), r, depth);
      case ANY_POINTER, INTERFACE -> { }
      default -> s.set(f, scalar(t, r));
    }
  }

  private static void fillList(DynamicListBuilder l, Random r, int depth) {
    Type t = l.elementType();
    for (int i = 0; i < l.size(); i++) {
      switch (t.kind()) {
        case STRUCT -> fill(l.getStruct(i), r, depth + 1);
        case LIST -> fillList(l.initList(i, r.nextInt(4)), r, depth);
        default -> l.set(i, scalar(t, r));
      }
    }
  }

  private static Object scalar(Type t, Random r) {
    return switch (t.kind()) {
      case VOID -> null;
      case BOOL -> r.nextBoolean();
      case INT8, UINT8 -> (byte) r.nextInt();
      case INT16, UINT16 -> (short) r.nextInt();
      case INT32, UINT32 -> r.nextInt();
      case INT64, UINT64 -> r.nextLong();
      case FLOAT32 -> r.nextInt(10) == 0 ? Float.NaN : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
      case FLOAT64 -> switch (r.nextInt(12)) {
        case 0 -> Double.NaN;
        case 1 -> Double.NEGATIVE_INFINITY;
        case 2 -> -0.0;
        default -> r.nextGaussian() * Math.pow(10, r.nextInt(600) - 300);
      };
      case ENUM -> r.nextInt(3);
      case TEXT -> text(r);
      case DATA -> {
        byte[] b = new byte[r.nextInt(20)];
        r.nextBytes(b);
        yield b;
      }
      default -> throw new IllegalArgumentException(t.kind().name());
    };
  }

  private static String text(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      int cp = switch (r.nextInt(4)) {
        // capnp 0.9.2 splits its JSON input by counting braces even inside strings
        // ({"textField": "}", "structField": {...}} fails there), so no braces.
        case 0 -> "abc XYZ019!?:;\"\\/<>[]\n\t".charAt(r.nextInt(23));
        case 1 -> 0xA0 + r.nextInt(0x700);
        case 2 -> 0x4E00 + r.nextInt(0x500);
        default -> 0x1F600 + r.nextInt(0x40);
      };
      b.appendCodePoint(cp);
    }
    return b.toString();
  }
}
