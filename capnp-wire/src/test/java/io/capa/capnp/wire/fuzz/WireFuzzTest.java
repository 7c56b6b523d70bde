package io.capa.capnp.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.ListReader;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.Packing;
import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.StructReader;
import java.nio.ByteBuffer;

/**
 * Fuzz targets for everything that reads untrusted bytes. The property: any input either
 * reads, or fails with {@link CapnpDecodeException}; nothing else may escape (no
 * IndexOutOfBounds, NegativeArraySize, OutOfMemoryError, StackOverflowError).
 * In a normal build the seed corpus under {@code WireFuzzTestInputs/} runs as regression
 * tests; {@code mvn -Pfuzz} fuzzes (see the README).
 */
class WireFuzzTest {
  /** Small limits so the fuzzer explores limits instead of burning time on big inputs. */
  static final ReaderOptions OPTIONS = ReaderOptions.DEFAULT.withTraversalLimitWords(1 << 16)
      .withMaxMessageBytes(1 << 20).withMaxSegments(64);

  @FuzzTest(maxDuration = "2m")
  void framedReader(byte[] input) {
    try {
      MessageReader m = Framing.read(ByteBuffer.wrap(input), OPTIONS);
      exercise(m);
    } catch (CapnpDecodeException expected) {
      // Malformed input is reported, which is the point.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void unpacker(byte[] input) {
    try {
      exercise(Packing.unpack(ByteBuffer.wrap(input), OPTIONS));
    } catch (CapnpDecodeException expected) {
      // Malformed input is reported.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void framingStage(byte[] input) {
    FramingStageHarness.decodeAll(input, OPTIONS);
  }

  /** Reads everything reachable: a generic walk, a deep copy and canonicalization. */
  static void exercise(MessageReader m) {
    walk(m.rootPointer(), 0);
    m.reset(segments(m));
    MessageBuilder copy = new MessageBuilder();
    copy.rootPointer().set(m.rootPointer());
    m.reset(segments(m));
    if (m.rootPointer().kind() == io.capa.capnp.wire.PointerKind.STRUCT) {
      Canonical.canonicalize(m.root());
    }
  }

  private static ByteBuffer[] segments(MessageReader m) {
    ByteBuffer[] s = new ByteBuffer[m.segmentCount()];
    for (int i = 0; i < s.length; i++) {
      s[i] = m.segment(i);
    }
    return s;
  }

  static void walk(PointerReader p, int depth) {
    if (depth > 100) {
      return;
    }
    switch (p.kind()) {
      case STRUCT -> {
        StructReader s = p.getStruct(null);
        s.getLong(0, 0);
        s.getBool(3, false);
        for (int i = 0; i < s.pointerCount(); i++) {
          walk(s.getPointer(i), depth + 1);
        }
      }
      case LIST -> {
        ListReader l = p.getList(null, null);
        ElementSize size = l.elementSize();
        for (int i = 0; i < l.size() && i < 1000; i++) {
          switch (size) {
            case BIT -> l.getBool(i);
            case BYTE -> l.getByte(i);
            case TWO_BYTES -> l.getShort(i);
            case FOUR_BYTES -> l.getInt(i);
            case EIGHT_BYTES -> l.getLong(i);
            case POINTER -> walk(l.getPointer(i), depth + 1);
            case INLINE_COMPOSITE -> {
              StructReader e = l.getStruct(i);
              for (int j = 0; j < e.pointerCount(); j++) {
                walk(e.getPointer(j), depth + 1);
              }
            }
            default -> { }
          }
        }
        if (size == ElementSize.BYTE) {
          p.getData(null);
          try {
            p.getText(null);
          } catch (CapnpDecodeException notText) {
            // A byte list without NUL is fine as Data.
          }
        }
      }
      case CAPABILITY -> p.capabilityIndex();
      default -> { }
    }
  }
}
