package io.capa.capnp.wire;

import io.capa.capnp.wire.internal.FrameDecoderStage;
import io.capa.capnp.wire.internal.FrameEncoderStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * The standard stream framing as Pekko Streams stages, for use over TCP or TLS:
 * <pre>
 *            +-----------------------------------+
 *  Message ->| encoder: table + segments         |-> ByteString  (to the network)
 *            |                                   |
 *  Reader  <-| decoder: reassemble, validate     |<- ByteString  (from the network)
 *            +-----------------------------------+
 * </pre>
 * A malformed or over-limit frame fails the decoder with a {@link CapnpDecodeException};
 * the limits are those of the {@link ReaderOptions} given.
 */
public final class CapnpFraming {
  private CapnpFraming() {
  }

  public static Flow<ByteString, MessageReader, NotUsed> decoder(ReaderOptions options) {
    return Flow.fromGraph(new FrameDecoderStage(options));
  }

  /**
   * A decoder that also fails a frame arriving too slowly: while a frame is incomplete, at
   * least {@code minBytes} must arrive in every {@code window}.
   */
  public static Flow<ByteString, MessageReader, NotUsed> decoder(ReaderOptions options, java.time.Duration window,
      long minBytes) {
    return Flow.fromGraph(new FrameDecoderStage(options, window, minBytes));
  }

  public static Flow<Message, ByteString, NotUsed> encoder() {
    return Flow.fromGraph(new FrameEncoderStage());
  }

  /** Messages to bytes on top, bytes to messages at the bottom. */
  public static BidiFlow<Message, ByteString, ByteString, MessageReader, NotUsed> bidi(ReaderOptions options) {
    return BidiFlow.fromFlows(encoder(), decoder(options));
  }

  /**
   * Reads one complete frame held in a ByteString. A frame that arrived in one piece is
   * viewed in place; one spread over several chunks is compacted once.
   */
  public static MessageReader decode(ByteString frame, ReaderOptions options) {
    java.util.Iterator<java.nio.ByteBuffer> parts = frame.getByteBuffers().iterator();
    java.nio.ByteBuffer first = parts.hasNext() ? parts.next() : java.nio.ByteBuffer.allocate(0);
    java.nio.ByteBuffer whole = parts.hasNext() ? frame.compact().asByteBuffer() : first;
    MessageReader m = Framing.read(whole, options);
    if (whole.hasRemaining()) {
      throw new CapnpDecodeException(whole.remaining() + " bytes follow the message", frame.size() - whole.remaining());
    }
    return m;
  }

  /** The framed bytes of one message as a ByteString. */
  public static ByteString encode(Message message) {
    return FrameEncoderStage.encode(message);
  }
}
