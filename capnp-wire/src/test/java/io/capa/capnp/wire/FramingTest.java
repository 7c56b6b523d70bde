package io.capa.capnp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramingTest {

  @Test
  void write_thenReadStream_multipleMessagesInOrder() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 3; i++) {
      MessageBuilder b = new MessageBuilder(2, false);
      StructBuilder root = b.initRoot(1, 1);
      root.setLong(0, i);
      root.setText(0, "message " + i);
      Framing.write(out, b);
    }
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    for (int i = 0; i < 3; i++) {
      MessageReader r = Framing.read(in, ReaderOptions.DEFAULT);
      assertThat(r.segmentCount()).isGreaterThan(1);
      assertThat(r.root().getLong(0)).isEqualTo(i);
      assertThat(r.root().getText(0, null)).isEqualTo("message " + i);
    }
    assertThat(Framing.read(in, ReaderOptions.DEFAULT)).isNull();
  }

  @Test
  void readBuffer_viewsSegmentsWithoutCopying() {
    MessageBuilder b = new MessageBuilder();
    b.initRoot(1, 0).setLong(0, 99);
    ByteBuffer framed = ByteBuffer.wrap(Framing.toByteArray(b));
    MessageReader r = Framing.read(framed, ReaderOptions.DEFAULT);
    assertThat(framed.hasRemaining()).isFalse();
    // Changing the source bytes shows through the reader: nothing was copied.
    framed.array()[framed.array().length - 8] = 7;
    assertThat(r.root().getLong(0)).isEqualTo(7);
  }

  @Test
  void read_segmentCountAllOnesIsRejected() {
    byte[] bytes = Words.bytes(0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0);
    assertThatThrownBy(() -> Framing.read(new ByteArrayInputStream(bytes), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("4294967296 segments");
    assertThatThrownBy(() -> Framing.read(ByteBuffer.wrap(bytes), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class);
  }

  @Test
  void read_negativeSegmentSizeIsRejectedBeforeAllocating() {
    byte[] bytes = Words.bytes(0, 0, 0, 0, 0, 0, 0, 0x80);
    assertThatThrownBy(() -> Framing.read(new ByteArrayInputStream(bytes), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("limit");
  }

  @Test
  void read_sizesAboveMaxMessageBytesAreRejected() {
    byte[] bytes = Words.bytes(0, 0, 0, 0, 0, 1, 0, 0);
    ReaderOptions small = ReaderOptions.DEFAULT.withMaxMessageBytes(1024);
    assertThatThrownBy(() -> Framing.read(new ByteArrayInputStream(bytes), small))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("1024");
  }

  @Test
  void read_truncatedBodyIsRejected() {
    MessageBuilder b = new MessageBuilder();
    b.initRoot(2, 0);
    byte[] full = Framing.toByteArray(b);
    byte[] cut = Arrays.copyOf(full, full.length - 8);
    assertThatThrownBy(() -> Framing.read(new ByteArrayInputStream(cut), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("stream ended");
    assertThatThrownBy(() -> Framing.read(ByteBuffer.wrap(cut), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("truncated");
  }

  @Test
  void read_emptyMessageIsRejected() {
    byte[] bytes = Words.bytes(0, 0, 0, 0, 0, 0, 0, 0);
    assertThatThrownBy(() -> Framing.read(ByteBuffer.wrap(bytes), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("no words");
  }
}
