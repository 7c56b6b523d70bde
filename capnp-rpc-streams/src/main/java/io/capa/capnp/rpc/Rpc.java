package io.capa.capnp.rpc;

import io.capa.capnp.rpc.internal.RpcStage;
import io.capa.capnp.wire.CapnpFraming;
import io.capa.capnp.wire.Message;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.util.ByteString;

/**
 * The RPC protocol as stream stages. A connection is the RPC stage atop the framing stage,
 * joined with a byte transport:
 *
 * <pre>
 *   bytes in  -> framing (decode) -> RPC stage -> framing (encode) -> bytes out
 * </pre>
 *
 * {@link #flow} is that stack as one {@code Flow<ByteString, ByteString>}, ready for
 * {@code Tcp.IncomingConnection.handleWith} or to be joined with
 * {@code Tcp.outgoingConnection}; {@link RpcTransport} does both, with TLS if asked.
 */
public final class Rpc {
  /** Outgoing frames written while the transport is busy are joined into one write, up to this size. */
  private static final long WRITE_BATCH_BYTES = 256 * 1024;
  /** A frame that is incomplete must grow by this much in every {@link #PROGRESS_WINDOW}, or the connection ends. */
  public static final long MIN_FRAME_PROGRESS_BYTES = 1024;
  public static final java.time.Duration PROGRESS_WINDOW = java.time.Duration.ofSeconds(10);

  private Rpc() {
  }

  /** The RPC stage alone: received messages in, messages for the peer out. */
  public static Flow<MessageReader, Message, RpcConnection> stage(RpcOptions options) {
    return Flow.fromGraph(new RpcStage(options));
  }

  /** The framing stage seen from the RPC side: bytes to messages upward, messages to bytes downward. */
  public static BidiFlow<ByteString, MessageReader, Message, ByteString, NotUsed> framing(ReaderOptions options) {
    Flow<Message, ByteString, NotUsed> encode = CapnpFraming.encoder()
        .batchWeighted(WRITE_BATCH_BYTES, b -> (long) b.size(), b -> b, ByteString::concat);
    return BidiFlow.fromFlows(CapnpFraming.decoder(options, PROGRESS_WINDOW, MIN_FRAME_PROGRESS_BYTES), encode);
  }

  /** A whole connection over a byte transport; the materialized value is the connection. */
  public static Flow<ByteString, ByteString, RpcConnection> flow(RpcOptions options) {
    return framing(options.readerOptions()).join(stage(options), Keep.<NotUsed, RpcConnection>right());
  }
}
