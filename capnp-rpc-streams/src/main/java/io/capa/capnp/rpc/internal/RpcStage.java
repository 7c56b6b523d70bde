package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.Message;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import scala.jdk.javaapi.FutureConverters;

/**
 * INTERNAL API: the RPC protocol as a stream stage. Received messages come in, messages for
 * the peer go out; the connection's tables live in the stage, so the stage's thread is the
 * connection's loop. Backpressure works both ways: the stage stops reading while too many
 * bytes wait to be written (a peer that does not read its answers is not served further),
 * and calls beyond the limits are refused rather than queued.
 */
public final class RpcStage extends AbstractGraphStageWithMaterializedValue<FlowShape<MessageReader, Message>,
    RpcConnection> {
  private final Inlet<MessageReader> in = Inlet.create("Rpc.in");
  private final Outlet<Message> out = Outlet.create("Rpc.out");
  private final FlowShape<MessageReader, Message> shape = FlowShape.of(in, out);
  private final RpcOptions options;

  public RpcStage(RpcOptions options) {
    this.options = options;
  }

  @Override
  public FlowShape<MessageReader, Message> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, RpcConnection> createLogicAndMaterializedValuePair(Attributes attributes) {
    Logic logic = new Logic();
    return Pair.create(logic, new RpcConnection(logic.state, logic.closed));
  }

  private final class Logic extends GraphStageLogic implements ConnectionState.Transport {
    final ConnectionState state = new ConnectionState(options, this);
    final CompletableFuture<Done> closed = new CompletableFuture<>();
    private final ArrayDeque<MessageBuilder> queue = new ArrayDeque<>();
    private final AsyncCallback<Runnable> callback = createAsyncCallback(this::step);
    private volatile long queuedBytes;
    private volatile boolean stopped;
    private Thread loopThread;
    private boolean shuttingDown;

    Logic() {
      super(shape);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          MessageReader m = grab(in);
          step(() -> state.handle(m, frameBytes(m)));
        }

        @Override
        public void onUpstreamFinish() {
          step(() -> state.close(RpcException.disconnected("peer closed the connection")));
          shutdown();
          finishIfFlushed();
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          step(() -> {
            if (ex instanceof CapnpDecodeException) {
              state.abort("rejected frame: " + ex.getMessage());
            } else {
              state.close(RpcException.disconnected("connection lost: " + ex.getMessage()));
            }
          });
          shutdown();
          finishIfFlushed();
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          flush();
          finishIfFlushed();
          pullIfWanted();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          step(() -> state.close(RpcException.disconnected("connection closed")));
          completeStage();
        }
      });
    }

    @Override
    public void preStart() {
      pullIfWanted();
    }

    @Override
    public void postStop() {
      stopped = true;
      synchronized (this) {
        loopThread = Thread.currentThread();
        try {
          state.close(RpcException.disconnected("connection stopped"));
          state.drain();
        } finally {
          loopThread = null;
        }
      }
      queue.clear();
      queuedBytes = 0;
      closed.complete(Done.getInstance());
    }

    private void step(Runnable r) {
      loopThread = Thread.currentThread();
      try {
        r.run();
        state.drain();
      } finally {
        loopThread = null;
      }
      if (!stopped) {
        flush();
        finishIfFlushed();
        pullIfWanted();
      }
    }

    private void flush() {
      if (isAvailable(out) && !queue.isEmpty()) {
        MessageBuilder m = queue.poll();
        queuedBytes -= m.sizeInWords() * 8;
        push(out, m);
      }
    }

    private void pullIfWanted() {
      if (!shuttingDown && !hasBeenPulled(in) && !isClosed(in) && state.wantsInput()
          && queuedBytes < options.outboundHighWaterBytes()) {
        pull(in);
      }
    }

    private void finishIfFlushed() {
      if (shuttingDown && queue.isEmpty()) {
        completeStage();
      }
    }

    private long frameBytes(MessageReader m) {
      long n = 8L + 4L * m.segmentCount();
      for (int i = 0; i < m.segmentCount(); i++) {
        n += m.segment(i).remaining();
      }
      return n;
    }

    @Override
    public void post(Runnable task) {
      if (stopped) {
        runDetached(task);
        return;
      }
      FutureConverters.asJava(callback.invokeWithFeedback(task)).whenComplete((d, e) -> {
        if (e != null) {
          // The stage stopped before the task ran: the connection is closed, so the task
          // only fails or drops what it carried, which must still happen.
          runDetached(task);
        }
      });
    }

    private synchronized void runDetached(Runnable task) {
      loopThread = Thread.currentThread();
      try {
        task.run();
        state.drain();
      } finally {
        loopThread = null;
      }
    }

    @Override
    public boolean inLoop() {
      return loopThread == Thread.currentThread();
    }

    @Override
    public void send(MessageBuilder message) {
      if (stopped) {
        return;
      }
      queue.add(message);
      queuedBytes += message.sizeInWords() * 8;
    }

    @Override
    public void shutdown() {
      shuttingDown = true;
      if (!stopped && !isClosed(in)) {
        cancel(in);
      }
    }

    @Override
    public long queuedBytes() {
      return queuedBytes;
    }
  }
}
