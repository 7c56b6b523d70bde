package io.capa.benchmarks.rpc;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RemotePromise;
import io.capa.capnp.rpc.Request;
import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.Server;
import io.capa.capnp.wire.StructReader;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * The part of the shared conformance schema ({@code conformance.capnp}) the RPC benchmarks use, on
 * the untyped API: interface and method ids, struct layouts, a Java server and client calls. The
 * layouts are the ones the schema compiler assigns (and the C++ peer uses):
 *
 * <ul>
 *   <li>{@code echo @0 (data :Data) -> (data :Data)}: Data at pointer 0 both ways
 *   <li>{@code add @1 (a :Int64, b :Int64) -> (sum :Int64)}: words 0 and 1, sum in word 0
 *   <li>{@code newCounter @2 (start :Int64) -> (counter :Counter)}: word 0, counter at pointer 0
 *   <li>{@code upload @7 (chunk :Data) -> stream}: Data at pointer 0
 *   <li>{@code uploaded @8 () -> (bytes :UInt64, crc32 :UInt32)}: word 0, low half of word 1
 *   <li>{@code Counter.increment @0 (by :Int64) -> (value :Int64)}, {@code read @1 () -> (value)},
 *       {@code self @2 () -> (counter :Counter)}: word 0, word 0, pointer 0
 * </ul>
 */
final class Conformance {
  static final long CONFORMANCE = 0xf4000d0d7fb45a2bL;
  static final int ECHO = 0;
  static final int ADD = 1;
  static final int NEW_COUNTER = 2;
  static final int UPLOAD = 7;
  static final int UPLOADED = 8;

  static final long COUNTER = 0xfa000eae2aec4456L;
  static final int INCREMENT = 0;
  static final int READ = 1;
  static final int SELF = 2;

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private Conformance() {}

  /**
   * The {@code Conformance} methods the benchmarks call. One instance per connection, like the C++
   * peer's, so {@code uploaded} totals are per connection. Calls arrive one at a time (the RPC
   * layer's guarantee), so the totals need no lock.
   */
  static final class Service implements Server {
    private long uploadedBytes;
    private final CRC32 uploadedCrc = new CRC32();
    private final Pacer uploadPacer;

    Service() {
      this(null);
    }

    /** A service whose {@code upload} calls return no faster than {@code uploadPacer} lets them (null: at once). */
    Service(Pacer uploadPacer) {
      this.uploadPacer = uploadPacer;
    }

    @Override
    public CompletionStage<?> dispatch(CallContext call) {
      if (call.interfaceId() != CONFORMANCE) {
        throw RpcException.unimplemented("interface " + Long.toHexString(call.interfaceId()));
      }
      StructReader p = call.params();
      switch (call.methodId()) {
        case ECHO -> call.initResults(0, 1).getPointer(0).set(p.getPointer(0));
        case ADD -> call.initResults(1, 0).setLong(0, p.getLong(0) + p.getLong(1));
        case NEW_COUNTER -> call.initResults(0, 1).getPointer(0).setCapability(Capability.of(new Counter(p.getLong(0))));
        case UPLOAD -> {
          ByteBuffer chunk = p.getData(0, null);
          int n = chunk == null ? 0 : chunk.remaining();
          if (chunk != null) {
            uploadedBytes += n;
            uploadedCrc.update(chunk);
          }
          if (uploadPacer != null) {
            return uploadPacer.admit(n);
          }
        }
        case UPLOADED -> {
          var r = call.initResults(2, 0);
          r.setLong(0, uploadedBytes);
          r.setInt(2, (int) uploadedCrc.getValue());
        }
        default -> throw RpcException.unimplemented("Conformance method " + call.methodId());
      }
      return DONE;
    }
  }

  /**
   * A consumer of limited speed, for a receiver that falls behind its sender: each admitted chunk
   * completes once the chunks before it and itself have drained at {@code bytesPerSecond}. Until
   * then the call stays unanswered and its message stays held by the receiving connection, which
   * is what the sender's stream window has to bound.
   */
  static final class Pacer implements AutoCloseable {
    private final double nanosPerByte;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private long drainedAt;

    Pacer(double bytesPerSecond) {
      this.nanosPerByte = 1e9 / bytesPerSecond;
      this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upload-pacer");
        t.setDaemon(true);
        return t;
      });
    }

    synchronized CompletionStage<Void> admit(long bytes) {
      long now = System.nanoTime();
      drainedAt = Math.max(drainedAt, now) + (long) (bytes * nanosPerByte);
      CompletableFuture<Void> f = new CompletableFuture<>();
      timer.schedule(() -> f.complete(null), drainedAt - now, java.util.concurrent.TimeUnit.NANOSECONDS);
      return f;
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /**
   * A counter. {@code self} answers with a new capability on this same object rather than the
   * caller's own reference (a server does not hold its own capability, which would keep it alive
   * forever); calls on the two may then run concurrently, hence the atomic value.
   */
  static final class Counter implements Server {
    private final AtomicLong value;

    Counter(long start) {
      this.value = new AtomicLong(start);
    }

    @Override
    public CompletionStage<?> dispatch(CallContext call) {
      if (call.interfaceId() != COUNTER) {
        throw RpcException.unimplemented("interface " + Long.toHexString(call.interfaceId()));
      }
      switch (call.methodId()) {
        case INCREMENT -> call.initResults(1, 0).setLong(0, value.addAndGet(call.params().getLong(0)));
        case READ -> call.initResults(1, 0).setLong(0, value.get());
        case SELF -> call.initResults(0, 1).getPointer(0).setCapability(Capability.of(this));
        default -> throw RpcException.unimplemented("Counter method " + call.methodId());
      }
      return DONE;
    }
  }

  /**
   * One echo call; completes with the echoed bytes on the connection's thread. The response is
   * closed at once: its data stays readable (the buffer is not recycled), only its capabilities,
   * of which an echo has none, would go.
   */
  static CompletionStage<ByteBuffer> echo(Capability target, ByteBuffer payload) {
    Request r = target.newCall(CONFORMANCE, ECHO);
    r.initParams(0, 1).getPointer(0).setData(payload);
    return r.send().response().thenApply(resp -> {
      try (resp) {
        return resp.results().getData(0, ByteBuffer.allocate(0));
      }
    });
  }

  static RemotePromise add(Capability target, long a, long b) {
    Request r = target.newCall(CONFORMANCE, ADD);
    var p = r.initParams(2, 0);
    p.setLong(0, a);
    p.setLong(1, b);
    return r.send();
  }

  static RemotePromise newCounter(Capability target, long start) {
    Request r = target.newCall(CONFORMANCE, NEW_COUNTER);
    r.initParams(1, 0).setLong(0, start);
    return r.send();
  }

  static RemotePromise counterSelf(Capability counter) {
    return counter.newCall(COUNTER, SELF).send();
  }

  static RemotePromise counterRead(Capability counter) {
    return counter.newCall(COUNTER, READ).send();
  }

  /** The Int64 or UInt64 in word 0 of the results, closing the response. */
  static long word0(Response resp) {
    try (resp) {
      return resp.results().getLong(0);
    }
  }

  /** The capability at pointer 0 of a response, borrowed from it (see {@link Response}). */
  static Capability capAt0(Response resp) {
    Object cap = resp.results().getPointer(0).getCapability();
    if (!(cap instanceof Capability c)) {
      throw new IllegalStateException("results hold no capability at pointer 0 but " + cap);
    }
    return c;
  }
}
