package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.RemotePromise;
import io.capa.capnp.rpc.Request;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.PointerBuilder;
import io.capa.capnp.wire.StructBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A call being built. When the target sends over a connection, the parameters are written
 * into that connection's Call message from the start.
 */
final class RequestImpl implements Request {
  /** Window of a stream whose target is in this process. */
  static final long LOCAL_STREAM_WINDOW = 1 << 20;

  private final Hook target;
  private final long interfaceId;
  private final int methodId;
  private final ConnectionState conn;
  private final MessageBuilder message;
  private final ConnectionState.CallMessage callMessage;
  private final PointerBuilder params;
  private final CapList caps = new CapList();
  private boolean sent;

  RequestImpl(Hook target, long interfaceId, int methodId, ConnectionState conn) {
    this.target = target;
    this.interfaceId = interfaceId;
    this.methodId = methodId;
    this.conn = conn;
    if (conn != null) {
      this.callMessage = ConnectionState.newCallMessage();
      this.message = callMessage.message();
      this.params = callMessage.content();
    } else {
      this.callMessage = null;
      this.message = new MessageBuilder();
      this.params = message.rootPointer();
    }
    message.capTable(caps);
  }

  @Override
  public StructBuilder initParams(int dataWords, int pointerCount) {
    return params.initStruct(dataWords, pointerCount);
  }

  @Override
  public PointerBuilder paramsPointer() {
    return params;
  }

  private OutgoingCall build() {
    if (sent) {
      throw new IllegalStateException("request already sent");
    }
    sent = true;
    return new OutgoingCall(interfaceId, methodId, callMessage, conn, params.asReader(), caps, new CallState());
  }

  @Override
  public RemotePromise send() {
    OutgoingCall call = build();
    target.deliver(call);
    return new RemotePromiseImpl(call.state);
  }

  @Override
  public CompletionStage<Void> sendStreaming() {
    OutgoingCall call = build();
    long bytes = message.sizeInWords() * 8;
    FlowWindow w = target.window(conn != null ? conn.streamWindowBytes() : LOCAL_STREAM_WINDOW);
    call.state.window = w;
    call.state.streamBytes = bytes;
    CompletableFuture<Void> mayContinue = w.sent(bytes);
    // Stream calls have no results to read: free them as they come.
    call.state.future.thenAccept(r -> r.close());
    target.deliver(call);
    return mayContinue;
  }
}
