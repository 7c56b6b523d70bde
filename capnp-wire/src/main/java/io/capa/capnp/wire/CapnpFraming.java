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

  public static Flow<Message, ByteString, NotUsed> encoder() {
    return Flow.fromGraph(new FrameEncoderStage());
  }

  /** Messages to bytes on top, bytes to messages at the bottom. */
  public static BidiFlow<Message, ByteString, ByteString, MessageReader, NotUsed> bidi(ReaderOptions options) {
    return BidiFlow.fromFlows(encoder(), decoder(options));
  }

  /** The framed bytes of one message as a ByteString. */
  public static ByteString encode(Message message) {
    return FrameEncoderStage.encode(message);
  }
}
