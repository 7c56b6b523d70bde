package io.capa.capnp.wire.internal;

import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Iterator;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * INTERNAL API.
 *
 * <p>Cuts a byte stream into framed messages. Chunks are accumulated until a whole frame
 * is present (a frame may span many chunks, a chunk may hold many frames); the segment
 * table is validated as soon as it is complete, before waiting for (or buffering) the
 * body, so a hostile header fails the stage instead of filling memory. A segment that
 * arrived in one chunk is viewed in place; one split across chunks is compacted.
 */
public final class FrameDecoderStage extends GraphStage<FlowShape<ByteString, MessageReader>> {
  private final Inlet<ByteString> in = Inlet.create("CapnpFrameDecoder.in");
  private final Outlet<MessageReader> out = Outlet.create("CapnpFrameDecoder.out");
  private final FlowShape<ByteString, MessageReader> shape = FlowShape.of(in, out);
  private static final int MAX_FRAGMENTS = 64;
  private static final int MIN_AVERAGE_FRAGMENT = 256;

  private final ReaderOptions options;
  private final Duration progressWindow;
  private final long minProgressBytes;

  public FrameDecoderStage(ReaderOptions options) {
    this(options, null, 0);
  }

  /**
   * A decoder that also fails when a frame arrives too slowly: while a frame is incomplete
   * and the stage waits for bytes, at least {@code minProgressBytes} must arrive in every
   * {@code progressWindow}. A peer trickling bytes (a byte a second) would otherwise hold a
   * connection and its buffer for ever.
   */
  public FrameDecoderStage(ReaderOptions options, Duration progressWindow, long minProgressBytes) {
    this.options = options;
    this.progressWindow = progressWindow;
    this.minProgressBytes = minProgressBytes;
  }

  @Override
  public FlowShape<ByteString, MessageReader> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends TimerGraphStageLogic {
    private static final String PROGRESS = "progress";
    private ByteString buffer = ByteString.emptyByteString();
    private long received;
    private long receivedAtWindowStart;
    private int fragments;
    private long streamOffset;
    private int[] sizes = new int[1];
    private int segmentCount;
    private int headerBytes = -1;
    private long frameBytes = -1;

    Logic() {
      super(shape);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          ByteString chunk = grab(in);
          received += chunk.size();
          buffer = buffer.concat(chunk);
          if (++fragments > MAX_FRAGMENTS && buffer.size() / fragments < MIN_AVERAGE_FRAGMENT) {
            // Many tiny chunks cost far more memory as a rope than their bytes; flatten them.
            buffer = buffer.compact();
            fragments = 1;
          }
          guarded();
        }

        @Override
        public void onUpstreamFinish() {
          if (buffer.isEmpty()) {
            completeStage();
          } else if (!isAvailable(out)) {
            // Frames still buffered: emitIfReady completes once they are delivered.
          } else {
            guarded();
          }
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          guarded();
        }
      });
    }

    private void guarded() {
      try {
        emitIfReady();
      } catch (CapnpDecodeException e) {
        reject(e);
      }
    }

    /**
     * Stops reading and fails downstream with the reason. The input is cancelled normally,
     * not with the error: a transport seeing an erroneous cancellation resets the connection,
     * and the layer above could no longer tell the peer why (an RPC abort, for instance).
     */
    private void reject(CapnpDecodeException e) {
      if (!isClosed(in)) {
        cancel(in);
      }
      fail(out, e);
    }

    private void emitIfReady() {
      MessageReader message = tryParse();
      if (message != null) {
        push(out, message);
        if (isClosed(in) && buffer.isEmpty()) {
          completeStage();
        } else {
          watchProgress();
        }
        return;
      }
      if (isClosed(in)) {
        reject(new CapnpDecodeException("stream ended inside a frame (" + buffer.size()
            + " bytes of an incomplete message)", streamOffset));
      } else {
        if (!hasBeenPulled(in)) {
          pull(in);
        }
        watchProgress();
      }
    }

    private void watchProgress() {
      if (progressWindow == null) {
        return;
      }
      if (buffer.isEmpty()) {
        cancelTimer(PROGRESS);
      } else if (!isTimerActive(PROGRESS)) {
        receivedAtWindowStart = received;
        scheduleOnce(PROGRESS, progressWindow);
      }
    }

    @Override
    public void onTimer(Object key) {
      // Only a frame the stage is waiting on counts: complete frames held back by
      // downstream backpressure are not the peer's fault.
      if (buffer.isEmpty() || !hasBeenPulled(in)) {
        return;
      }
      long got = received - receivedAtWindowStart;
      if (got < minProgressBytes) {
        reject(new CapnpDecodeException("frame arriving too slowly: " + got + " bytes in the last "
            + progressWindow.toMillis() + " ms (at least " + minProgressBytes + " expected) with "
            + buffer.size() + " bytes of an incomplete frame buffered", streamOffset));
        return;
      }
      receivedAtWindowStart = received;
      scheduleOnce(PROGRESS, progressWindow);
    }

    /** The next complete message, or null if more bytes are needed. Validates headers eagerly. */
    private MessageReader tryParse() {
      if (headerBytes < 0) {
        if (buffer.size() < 4) {
          return null;
        }
        segmentCount = SegmentTable.segmentCount(leInt(0), options, streamOffset);
        headerBytes = SegmentTable.headerBytes(segmentCount);
        if (sizes.length < segmentCount) {
          sizes = new int[segmentCount];
        }
      }
      if (frameBytes < 0) {
        if (buffer.size() < headerBytes) {
          return null;
        }
        ByteBuffer table = buffer.take(headerBytes).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        frameBytes = headerBytes + SegmentTable.bodyBytes(table, segmentCount, options, streamOffset, sizes);
      }
      if (buffer.size() < frameBytes) {
        return null;
      }
      ByteBuffer[] segments = new ByteBuffer[segmentCount];
      int at = headerBytes;
      for (int i = 0; i < segmentCount; i++) {
        ByteString seg = buffer.slice(at, at + sizes[i]);
        segments[i] = view(seg);
        at += sizes[i];
      }
      buffer = buffer.drop((int) frameBytes);
      fragments = 0;
      for (ByteBuffer ignored : buffer.getByteBuffers()) {
        fragments++;
      }
      streamOffset += frameBytes;
      headerBytes = -1;
      frameBytes = -1;
      return MessageReader.of(options, segments);
    }

    /** The segment's bytes in place when contiguous, else one compacted copy. */
    private ByteBuffer view(ByteString seg) {
      Iterator<ByteBuffer> parts = seg.getByteBuffers().iterator();
      if (!parts.hasNext()) {
        return ByteBuffer.allocate(0);
      }
      ByteBuffer first = parts.next();
      return parts.hasNext() ? seg.compact().asByteBuffer() : first;
    }

    private int leInt(int at) {
      return (buffer.apply(at) & 0xFF) | (buffer.apply(at + 1) & 0xFF) << 8
          | (buffer.apply(at + 2) & 0xFF) << 16 | (buffer.apply(at + 3) & 0xFF) << 24;
    }
  }
}
