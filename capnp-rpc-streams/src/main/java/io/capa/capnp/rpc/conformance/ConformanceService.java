package io.capa.capnp.rpc.conformance;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.interop.ConformanceRpc.Callback;
import io.capa.capnp.rpc.interop.ConformanceRpc.Conformance;
import io.capa.capnp.rpc.interop.ConformanceRpc.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The {@code Conformance} interface of the shared conformance schema, served by this
 * process. One instance per connection (upload totals are per connection); the counters of
 * live Counter objects and of canceled holds are shared by every connection of a process.
 */
public final class ConformanceService extends Conformance.Server {
  /** What all connections of a process share. */
  public static final class Shared {
    final AtomicLong liveCounters = new AtomicLong();
    final AtomicLong cancellations = new AtomicLong();

    public long liveCounters() {
      return liveCounters.get();
    }

    public long cancellations() {
      return cancellations.get();
    }
  }

  private final Shared shared;
  private long uploadedBytes;
  private final CRC32 crc = new CRC32();

  public ConformanceService(Shared shared) {
    this.shared = shared;
  }

  private static CompletionStage<?> done() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> echo(CallContext call, Conformance.EchoParams.Reader params,
      Supplier<Conformance.EchoResults.Builder> results) {
    // Copied pointer to pointer: the payload is never materialized as a Java array.
    results.get().raw().getPointer(0).set(params.raw().getPointer(0));
    return done();
  }

  @Override
  protected CompletionStage<?> add(CallContext call, Conformance.AddParams.Reader params,
      Supplier<Conformance.AddResults.Builder> results) {
    results.get().setSum(params.getA() + params.getB());
    return done();
  }

  @Override
  protected CompletionStage<?> newCounter(CallContext call, Conformance.NewCounterParams.Reader params,
      Supplier<Conformance.NewCounterResults.Builder> results) {
    CounterService counter = new CounterService(params.getStart(), shared);
    results.get().setCounter(counter.newClient());
    return done();
  }

  @Override
  protected CompletionStage<?> callBack(CallContext call, Conformance.CallBackParams.Reader params,
      Supplier<Conformance.CallBackResults.Builder> results) {
    Callback.Client cb = params.getCallback();
    if (cb == null) {
      throw RpcException.failed("callBack needs a callback");
    }
    long times = params.getTimes();
    List<Long> values = new ArrayList<>();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (long i = 0; i < times; i++) {
      long n = i;
      // One after the other, as the schema says: call i+1 starts when call i has answered.
      chain = chain.thenCompose(v -> cb.call(p -> p.setI(n)).response()).thenAccept(r -> values.add(r.getValue()));
    }
    return chain.thenRun(() -> results.get().setResults(values));
  }

  @Override
  protected CompletionStage<?> fail(CallContext call, Conformance.FailParams.Reader params,
      Supplier<Conformance.FailResults.Builder> results) {
    RpcException.Kind kind = switch (params.getKind()) {
      case OVERLOADED -> RpcException.Kind.OVERLOADED;
      case DISCONNECTED -> RpcException.Kind.DISCONNECTED;
      case UNIMPLEMENTED -> RpcException.Kind.UNIMPLEMENTED;
      default -> RpcException.Kind.FAILED;
    };
    throw new RpcException(kind, params.getMessage());
  }

  @Override
  protected CompletionStage<?> hold(CallContext call, Conformance.HoldParams.Reader params,
      Supplier<Conformance.HoldResults.Builder> results) {
    call.whenCanceled().thenRun(shared.cancellations::incrementAndGet);
    return new CompletableFuture<Void>();
  }

  @Override
  protected CompletionStage<?> cancellations(CallContext call, Conformance.CancellationsParams.Reader params,
      Supplier<Conformance.CancellationsResults.Builder> results) {
    results.get().setCount(shared.cancellations.get());
    return done();
  }

  @Override
  protected CompletionStage<?> upload(CallContext call, Conformance.UploadParams.Reader params) {
    java.nio.ByteBuffer chunk = params.getChunk();
    if (chunk != null) {
      uploadedBytes += chunk.remaining();
      crc.update(chunk);
    }
    return done();
  }

  @Override
  protected CompletionStage<?> uploaded(CallContext call, Conformance.UploadedParams.Reader params,
      Supplier<Conformance.UploadedResults.Builder> results) {
    results.get().setBytes(uploadedBytes);
    results.get().setCrc32(crc.getValue());
    return done();
  }

  @Override
  protected CompletionStage<?> roundTrip(CallContext call, Conformance.RoundTripParams.Reader params,
      Supplier<Conformance.RoundTripResults.Builder> results) {
    results.get().raw().getPointer(0).set(params.raw().getPointer(0));
    return done();
  }

  @Override
  protected CompletionStage<?> liveCounters(CallContext call, Conformance.LiveCountersParams.Reader params,
      Supplier<Conformance.LiveCountersResults.Builder> results) {
    results.get().setCount(shared.liveCounters.get());
    return done();
  }

  /**
   * A Counter. Each capability made for it counts as one holder; the object is dropped (and
   * the live count falls) when the last capability is released.
   */
  static final class CounterService extends Counter.Server {
    private final Shared shared;
    private long value;
    private int holders;

    CounterService(long start, Shared shared) {
      this.value = start;
      this.shared = shared;
      shared.liveCounters.incrementAndGet();
    }

    synchronized Counter.Client newClient() {
      holders++;
      return new Counter.Client(Capability.of(this));
    }

    @Override
    public void released() {
      synchronized (this) {
        if (--holders > 0) {
          return;
        }
      }
      shared.liveCounters.decrementAndGet();
    }

    @Override
    protected CompletionStage<?> increment(CallContext call, Counter.IncrementParams.Reader params,
        Supplier<Counter.IncrementResults.Builder> results) {
      value += params.getBy();
      results.get().setValue(value);
      return done();
    }

    @Override
    protected CompletionStage<?> read(CallContext call, Counter.ReadParams.Reader params,
        Supplier<Counter.ReadResults.Builder> results) {
      results.get().setValue(value);
      return done();
    }

    @Override
    protected CompletionStage<?> self(CallContext call, Counter.SelfParams.Reader params,
        Supplier<Counter.SelfResults.Builder> results) {
      results.get().setCounter(newClient());
      return done();
    }
  }
}
