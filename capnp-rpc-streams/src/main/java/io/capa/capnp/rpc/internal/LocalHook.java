package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.Server;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.PointerBuilder;
import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructBuilder;
import io.capa.capnp.wire.StructReader;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/** INTERNAL API: a capability served in this process. Calls reach the server one at a time. */
public final class LocalHook extends Hook {
  private final Server server;
  private final SerialExecutor serial = new SerialExecutor();

  public LocalHook(Server server) {
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  protected void released() {
    serial.execute(server::released);
  }

  @Override
  public void deliver(OutgoingCall call) {
    serial.execute(() -> dispatch(call));
  }

  private void dispatch(OutgoingCall call) {
    Context ctx = new Context(call, call.sink != null ? call.sink : new LocalSink(call.state));
    if (call.state.canceled.isDone()) {
      ctx.finish(RpcException.failed("call canceled before delivery"));
      return;
    }
    CompletionStage<?> stage;
    try {
      stage = server.dispatch(ctx);
    } catch (Throwable t) {
      ctx.finish(t);
      return;
    }
    if (stage == null) {
      ctx.finish(null);
    } else {
      stage.whenComplete((v, t) -> ctx.finish(t));
    }
  }

  @Override
  public String toString() {
    return "local(" + server.getClass().getSimpleName() + ")";
  }

  /** Results of a call made in this process: a message of their own. */
  static final class LocalSink implements ResultSink {
    private final CallState state;
    private final CapList caps = new CapList();
    private MessageBuilder message;

    LocalSink(CallState state) {
      this.state = state;
    }

    @Override
    public synchronized PointerBuilder resultsPointer() {
      if (message == null) {
        message = new MessageBuilder().capTable(caps);
      }
      return message.rootPointer();
    }

    @Override
    public void complete() {
      resultsPointer();
      state.complete(new ResponseImpl(message.asReader().rootPointer(), caps));
    }

    @Override
    public void fail(RpcException error) {
      caps.releaseAll();
      state.fail(error);
    }
  }

  private static final class Context implements CallContext {
    private final OutgoingCall call;
    private final ResultSink sink;
    private final AtomicBoolean finished = new AtomicBoolean();

    Context(OutgoingCall call, ResultSink sink) {
      this.call = call;
      this.sink = sink;
    }

    void finish(Throwable t) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      call.releaseParams();
      if (t == null) {
        sink.complete();
      } else {
        sink.fail(RpcException.from(t));
      }
    }

    @Override
    public long interfaceId() {
      return call.interfaceId;
    }

    @Override
    public int methodId() {
      return call.methodId;
    }

    @Override
    public StructReader params() {
      return call.params.getStruct(StructReader.empty());
    }

    @Override
    public PointerReader paramsPointer() {
      return call.params;
    }

    @Override
    public StructBuilder initResults(int dataWords, int pointerCount) {
      return sink.resultsPointer().initStruct(dataWords, pointerCount);
    }

    @Override
    public PointerBuilder resultsPointer() {
      return sink.resultsPointer();
    }

    @Override
    public void releaseParams() {
      call.releaseParams();
    }

    @Override
    public CompletionStage<Void> whenCanceled() {
      return call.state.canceled;
    }

    @Override
    public boolean isCanceled() {
      return call.state.canceled.isDone();
    }
  }
}
