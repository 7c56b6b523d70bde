package io.capa.capnp.rpc.faults;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.Server;
import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.ListReader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bootstrap object every test connection gets (one per connection). Its methods read
 * their parameters the way real servers do, so hostile parameters meet the reader's checks
 * inside {@code dispatch}.
 */
final class Probe implements Server {
  /** Copies parameter pointer 0 (deeply) into result pointer 0. */
  static final int ECHO = 0;
  /** Returns a new {@link Counter} in result pointer 0. */
  static final int NEW_COUNTER = 1;
  /** Never answers; the call is kept in {@link #held} until the caller cancels it. */
  static final int HOLD = 2;
  /** Reads list pointer 0 as List(Void) {@code params.getLong(0)} times; returns the summed sizes. */
  static final int READ_LIST = 3;

  private final AtomicInteger released;
  private final BlockingQueue<CallContext> held;

  Probe(AtomicInteger released, BlockingQueue<CallContext> held) {
    this.released = released;
    this.held = held;
  }

  @Override
  public CompletionStage<?> dispatch(CallContext call) {
    switch (call.methodId()) {
      case ECHO -> call.initResults(0, 1).getPointer(0).set(call.params().getPointer(0));
      case NEW_COUNTER -> call.initResults(0, 1).getPointer(0).setCapability(Capability.of(new Counter()));
      case HOLD -> {
        held.add(call);
        return new CompletableFuture<Void>();
      }
      case READ_LIST -> {
        long times = call.params().getLong(0);
        long total = 0;
        for (long i = 0; i < times; i++) {
          // Every read follows the pointer again, as generated getters do.
          ListReader l = call.params().getList(0, ElementSize.VOID, null);
          total += l == null ? 0 : l.size();
        }
        call.initResults(1, 0).setLong(0, total);
      }
      default -> throw RpcException.unimplemented("method " + call.methodId());
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void released() {
    released.incrementAndGet();
  }

  /** Adds {@code params.getLong(0)} to its value and returns the new value. */
  static final class Counter implements Server {
    private long value;

    @Override
    public CompletionStage<?> dispatch(CallContext call) {
      value += call.params().getLong(0);
      call.initResults(1, 0).setLong(0, value);
      return CompletableFuture.completedFuture(null);
    }
  }
}
