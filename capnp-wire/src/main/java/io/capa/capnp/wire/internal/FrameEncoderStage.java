package io.capa.capnp.wire.internal;

import io.capa.capnp.wire.Message;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * INTERNAL API.
 *
 * <p>Writes each message as one chunk: segment table, then the segments. One element in,
 * one element out, so backpressure passes straight through.
 */
public final class FrameEncoderStage extends GraphStage<FlowShape<Message, ByteString>> {
  private final Inlet<Message> in = Inlet.create("CapnpFrameEncoder.in");
  private final Outlet<ByteString> out = Outlet.create("CapnpFrameEncoder.out");
  private final FlowShape<Message, ByteString> shape = FlowShape.of(in, out);

  @Override
  public FlowShape<Message, ByteString> shape() {
    return shape;
  }

  /** The framed bytes of one message. */
  public static ByteString encode(Message message) {
    ByteString bytes = ByteString.fromByteBuffer(SegmentTable.encode(message));
    for (int i = 0; i < message.segmentCount(); i++) {
      bytes = bytes.concat(ByteString.fromByteBuffer(message.segment(i)));
    }
    return bytes;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            push(out, encode(grab(in)));
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }
        });
      }
    };
  }
}
