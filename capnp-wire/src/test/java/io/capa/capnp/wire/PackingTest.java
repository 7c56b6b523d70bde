package io.capa.capnp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackingTest {

  @Test
  void pack_knownWordsFromTheEncodingSpec() {
    // The examples of the encoding documentation: tag byte, then the non-zero bytes.
    assertThat(pack(Words.bytes(0, 0, 0, 0, 0, 0, 0, 0))).containsExactly(0, 0);
    assertThat(pack(Words.bytes(0, 0, 12, 0, 0, 34, 0, 0))).containsExactly(0x24, 12, 34);
    assertThat(pack(Words.bytes(1, 3, 2, 4, 5, 7, 6, 8))).containsExactly(0xFF, 1, 3, 2, 4, 5, 7, 6, 8, 0);
  }

  private static int[] pack(byte[] in) {
    ByteBuffer out = ByteBuffer.allocate(Packing.maxPackedSize(in.length));
    Packing.pack(ByteBuffer.wrap(in), out);
    int[] r = new int[out.position()];
    for (int i = 0; i < r.length; i++) {
      r[i] = out.get(i) & 0xFF;
    }
    return r;
  }

  @Test
  void packThenUnpack_randomWordsRoundTrip() {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      byte[] data = new byte[8 * (1 + random.nextInt(600))];
      for (int i = 0; i < data.length; i++) {
        // Mix of zero runs, dense words and sparse words.
        int mode = (i / 64) % 3;
        data[i] = mode == 0 ? 0 : (byte) (mode == 1 ? random.nextInt(255) + 1 : (random.nextInt(4) == 0 ? 1 : 0));
      }
      ByteBuffer out = ByteBuffer.allocate(Packing.maxPackedSize(data.length));
      Packing.pack(ByteBuffer.wrap(data), out);
      out.flip();
      assertThat(Packing.unpackBytes(out, data.length)).isEqualTo(data);
    }
  }

  @Test
  void writePacked_runsNeverCrossSegmentBoundaries() throws Exception {
    // Two segments of zeros: each must end its own zero run.
    MessageBuilder b = new MessageBuilder(4, false);
    StructBuilder root = b.initRoot(3, 0);
    root.setLong(0, 0);
    b.rootPointer();
    b.initRoot(3, 1).initStruct(0, 3, 0);
    assertThat(b.segmentCount()).isGreaterThan(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Packing.writePacked(out, b);
    MessageReader r = Packing.readPacked(new ByteArrayInputStream(out.toByteArray()), ReaderOptions.DEFAULT);
    assertThat(r.segmentCount()).isEqualTo(b.segmentCount());
  }

  @Test
  void unpack_zeroRunCrossingSegmentEndIsRejected() {
    // Table: 1 segment of 1 word; then a zero word followed by a run of 5 more zero words.
    byte[] packed = Words.bytes(0x10, 1, 0x00, 5);
    assertThatThrownBy(() -> Packing.unpack(ByteBuffer.wrap(packed), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("crosses");
  }

  @Test
  void unpack_truncatedInputIsRejected() {
    byte[] packed = Words.bytes(0x10, 2, 0xFF, 1, 2);
    assertThatThrownBy(() -> Packing.unpack(ByteBuffer.wrap(packed), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("ends");
  }

  @Test
  void unpack_hugeDeclaredSizeIsRejectedBeforeAllocating() {
    byte[] packed = Words.bytes(0xF0, 0xFF, 0xFF, 0xFF, 0x7F);
    assertThatThrownBy(() -> Packing.unpack(ByteBuffer.wrap(packed), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("limit");
  }

  @Test
  void unpack_emptyBufferIsRejected() {
    // Found by the unpacker fuzz target: this used to return null.
    assertThatThrownBy(() -> Packing.unpack(ByteBuffer.allocate(0), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("empty");
  }

  @Test
  void readPacked_emptyStreamGivesNull() throws Exception {
    assertThat(Packing.readPacked(new ByteArrayInputStream(new byte[0]), ReaderOptions.DEFAULT)).isNull();
  }
}
