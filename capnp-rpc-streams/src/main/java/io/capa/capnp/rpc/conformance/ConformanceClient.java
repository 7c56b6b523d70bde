package io.capa.capnp.rpc.conformance;

import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.Result;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.capnp.rpc.interop.ConformanceRpc.AllTypes;
import io.capa.capnp.rpc.interop.ConformanceRpc.Callback;
import io.capa.capnp.rpc.interop.ConformanceRpc.Colour;
import io.capa.capnp.rpc.interop.ConformanceRpc.Conformance;
import io.capa.capnp.rpc.interop.ConformanceRpc.Counter;
import io.capa.capnp.rpc.interop.ConformanceRpc.Inner;
import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.ListBuilder;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.ReaderOptions;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.pekko.actor.ActorSystem;

/**
 * Runs the RPC scenarios of the shared conformance document against a server, each on a
 * fresh connection, and prints one line per scenario: {@code PASS n name} or
 * {@code FAIL n name: reason}.
 */
public final class ConformanceClient {
  /** Large enough for the 16 MiB echo. */
  static final RpcOptions OPTIONS = RpcOptions.DEFAULT.withReaderOptions(
      ReaderOptions.DEFAULT.withTraversalLimitWords(64L << 20).withMaxMessageBytes(256L << 20));

  private final ActorSystem system;
  private final String host;
  private final int port;
  private final Duration timeout;

  public ConformanceClient(ActorSystem system, String host, int port, Duration timeout) {
    this.system = system;
    this.host = host;
    this.port = port;
    this.timeout = timeout;
  }

  private interface Scenario {
    String run(Conformance.Client c) throws Exception;
  }

  private record Named(int number, String name, Scenario body) {
  }

  /** Runs the scenarios (all when {@code only} is empty); true when every one passed. */
  public boolean runAll(Set<Integer> only, PrintStream out) {
    List<Named> all = List.of(
        new Named(1, "echo", this::echo),
        new Named(2, "add", this::add),
        new Named(3, "pipelining", this::pipelining),
        new Named(4, "callbacks", this::callbacks),
        new Named(5, "exceptions", this::exceptions),
        new Named(6, "cancellation", this::cancellation),
        new Named(7, "streaming", this::streaming),
        new Named(8, "struct-fidelity", this::roundTrip),
        new Named(9, "capability-lifetime", this::lifetime));
    boolean ok = true;
    for (Named s : all) {
      if (!only.isEmpty() && !only.contains(s.number())) {
        continue;
      }
      String line;
      try {
        RpcConnection conn = connect();
        try (Conformance.Client c = new Conformance.Client(conn.bootstrap())) {
          String extra = s.body().run(c);
          line = "PASS " + s.number() + " " + s.name() + (extra == null ? "" : " " + extra);
        } finally {
          conn.close();
        }
      } catch (Throwable t) {
        ok = false;
        Throwable c = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
        line = "FAIL " + s.number() + " " + s.name() + ": " + c;
      }
      out.println(line);
      out.flush();
    }
    return ok;
  }

  RpcConnection connect() throws Exception {
    return await(RpcTransport.connect(system, host, port, OPTIONS));
  }

  <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  private String echo(Conformance.Client c) throws Exception {
    for (int size : new int[] {0, 1, 8 << 10, 1 << 20, 16 << 20}) {
      byte[] payload = new byte[size];
      for (int i = 0; i < size; i++) {
        payload[i] = (byte) (i * 31 + 7);
      }
      try (Result<Conformance.EchoResults.Reader> r = await(c.echo(p -> p.setPayload(payload)).result())) {
        ByteBuffer got = r.value().getPayload();
        byte[] back = new byte[got == null ? 0 : got.remaining()];
        if (got != null) {
          got.duplicate().get(back);
        }
        check(Arrays.equals(payload, back), "echo of " + size + " bytes came back different (" + back.length
            + " bytes)");
      }
    }
    return null;
  }

  private String add(Conformance.Client c) throws Exception {
    long[][] cases = {{0, 0, 0}, {-5, -7, -12}, {-5, 12, 7}, {Long.MAX_VALUE, 1, Long.MIN_VALUE},
        {Long.MIN_VALUE, -1, Long.MAX_VALUE}};
    for (long[] k : cases) {
      long sum = await(c.add(p -> {
        p.setA(k[0]);
        p.setB(k[1]);
      }).response()).getSum();
      check(sum == k[2], "add(" + k[0] + ", " + k[1] + ") = " + sum + ", expected " + k[2]);
    }
    return null;
  }

  private String pipelining(Conformance.Client c) throws Exception {
    Conformance.NewCounterResults.Promise five = c.newCounter(p -> p.setStart(5));
    Conformance.NewCounterResults.Promise one = c.newCounter(p -> p.setStart(1));
    try (Counter.Client a = five.getCounter(); Counter.Client b = one.getCounter()) {
      CompletionStage<Counter.IncrementResults.Reader> inc = a.increment(p -> p.setBy(3)).response();
      Counter.SelfResults.Promise s1 = b.self();
      try (Counter.Client b1 = s1.getCounter()) {
        Counter.SelfResults.Promise s2 = b1.self();
        try (Counter.Client b2 = s2.getCounter()) {
          // Every call above is on its way before any answer is awaited.
          CompletionStage<Counter.ReadResults.Reader> read = b2.read().response();
          long v1 = await(inc).getValue();
          long v2 = await(read).getValue();
          check(v1 == 8, "newCounter(5).counter.increment(3) = " + v1);
          check(v2 == 1, "newCounter(1).counter.self().counter.self().counter.read() = " + v2);
        }
        await(s2.raw().response()).close();
      }
      await(s1.raw().response()).close();
    }
    await(five.raw().response()).close();
    await(one.raw().response()).close();
    return null;
  }

  private static final class Doubler extends Callback.Server {
    @Override
    protected CompletionStage<?> call(io.capa.capnp.rpc.CallContext call, Callback.CallParams.Reader params,
        java.util.function.Supplier<Callback.CallResults.Builder> results) {
      results.get().setValue(params.getI() * 2);
      return CompletableFuture.completedFuture(null);
    }
  }

  private String callbacks(Conformance.Client c) throws Exception {
    Callback.Client cb = new Callback.Client(Capability.of(new Doubler()));
    List<Long> got = await(c.callBack(p -> {
      p.setCallback(cb);
      p.setTimes(100);
    }).response()).getResults();
    List<Long> want = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      want.add(i * 2);
    }
    check(got.equals(want), "callBack results " + got);
    return null;
  }

  private String exceptions(Conformance.Client c) throws Exception {
    for (Conformance.ErrorKind kind : new Conformance.ErrorKind[] {Conformance.ErrorKind.FAILED,
        Conformance.ErrorKind.OVERLOADED, Conformance.ErrorKind.DISCONNECTED, Conformance.ErrorKind.UNIMPLEMENTED}) {
      String msg = "conformance-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-reason";
      try {
        await(c.fail(p -> {
          p.setKind(kind);
          p.setMessage(msg);
        }).response());
        throw new AssertionError("fail(" + kind + ") returned normally");
      } catch (ExecutionException e) {
        check(e.getCause() instanceof RpcException, "fail(" + kind + ") threw " + e.getCause());
        RpcException r = (RpcException) e.getCause();
        check(r.kind().name().equals(kind.name()), "fail(" + kind + ") arrived as " + r.kind());
        check(r.reason().contains(msg), "fail(" + kind + ") reason '" + r.reason() + "' lacks '" + msg + "'");
      }
    }
    return null;
  }

  private String cancellation(Conformance.Client c) throws Exception {
    long before = await(c.cancellations().response()).getCount();
    Conformance.HoldResults.Promise held = c.hold();
    Thread.sleep(100);
    held.cancel();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long now;
    do {
      now = await(c.cancellations().response()).getCount();
      if (now == before + 1) {
        return null;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("cancellations() went from " + before + " to " + now + ", expected +1");
  }

  static byte[] chunk(int k, int size) {
    byte[] b = new byte[size];
    for (int j = 0; j < size; j++) {
      b[j] = (byte) (k * 131 + j * 7);
    }
    return b;
  }

  private String streaming(Conformance.Client c) throws Exception {
    int chunks = 2000;
    int size = 64 << 10;
    CRC32 crc = new CRC32();
    byte[][] data = new byte[16][];
    for (int k = 0; k < data.length; k++) {
      data[k] = chunk(k, size);
    }
    long start = System.nanoTime();
    for (int k = 0; k < chunks; k++) {
      byte[] b = data[k % data.length];
      crc.update(b);
      // Waiting for the window, not for the answer: the receiver paces the sender.
      await(c.upload(p -> p.setChunk(b)));
    }
    Conformance.UploadedResults.Reader u = await(c.uploaded().response());
    double seconds = (System.nanoTime() - start) / 1e9;
    check(u.getBytes() == (long) chunks * size, "uploaded() bytes = " + u.getBytes());
    check(u.getCrc32() == crc.getValue(), "uploaded() crc32 = " + Long.toHexString(u.getCrc32()) + ", expected "
        + Long.toHexString(crc.getValue()));
    return String.format(java.util.Locale.ROOT, "%.1f MB/s", (double) chunks * size / 1e6 / seconds);
  }

  /** The value every peer round-trips: each field set, lists of every kind, union, group, nesting. */
  static void fill(AllTypes.Builder a) {
    a.setBoolField(true);
    a.setInt8Field((byte) -128);
    a.setInt16Field((short) 32767);
    a.setInt32Field(-2147483648);
    a.setInt64Field(Long.MIN_VALUE);
    a.setUInt8Field((short) 255);
    a.setUInt16Field(65535);
    a.setUInt32Field(4294967295L);
    a.setUInt64Field(-1L);
    a.setFloat32Field(3.5f);
    a.setFloat64Field(-1e300);
    a.setTextField("héllo ✓ 日本");
    a.setDataField(new byte[] {0, 1, (byte) 255});
    a.initStructField().setLabel("inner");
    a.setEnumField(Colour.BLUE);
    ListBuilder bools = a.initBoolList(3);
    bools.setBool(0, true);
    bools.setBool(2, true);
    a.setInt64List(List.of(Long.MAX_VALUE, -1L));
    a.setUInt16List(List.of(0, 65535));
    a.setTextList(List.of("a", "ü"));
    a.setEnumList(List.of(Colour.GREEN, Colour.RED));
    a.setFloat64List(List.of(0.5, -2.0));
    a.setDataList(List.of(ByteBuffer.wrap(new byte[] {1, 2})));
    List<Inner.Builder> inners = a.initStructList(2);
    inners.get(0).setId(1);
    inners.get(1).setLabel("two");
    ListBuilder lists = a.initListOfLists(2);
    ListBuilder first = lists.getPointer(0).initList(ElementSize.FOUR_BYTES, 2);
    first.setInt(0, 7);
    first.setInt(1, -7);
    a.setDefaultInt(0);
    a.setDefaultBool(false);
    a.getChoice().initNested().setId(9);
    a.getPlace().setStreet("Main");
    a.getPlace().setZip(12345);
    a.initSelf().initSelf().initSelf().setTextField("deep");
  }

  private String roundTrip(Conformance.Client c) throws Exception {
    MessageBuilder full = new MessageBuilder();
    fill(AllTypes.initRoot(full));
    MessageBuilder empty = new MessageBuilder();
    AllTypes.initRoot(empty);
    for (MessageBuilder m : List.of(full, empty)) {
      AllTypes.Reader sent = AllTypes.read(m.asReader());
      AllTypes.Reader back = await(c.roundTrip(p -> p.setValue(sent)).response()).getValue();
      byte[] a = Canonical.canonicalize(sent.raw());
      byte[] b = Canonical.canonicalize(back.raw());
      check(Arrays.equals(a, b), "roundTrip changed the value (" + a.length + " canonical bytes sent, " + b.length
          + " received)");
    }
    return null;
  }

  private long live(Conformance.Client c) throws Exception {
    return await(c.liveCounters().response()).getCount();
  }

  private void waitLive(Conformance.Client c, long want, String when) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long now;
    do {
      now = live(c);
      if (now == want) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(when + ": liveCounters() = " + now + ", expected " + want);
  }

  private String lifetime(Conformance.Client c) throws Exception {
    long base = live(c);
    List<Counter.Client> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (Result<Conformance.NewCounterResults.Reader> r = await(c.newCounter(p -> p.setStart(0)).result())) {
        held.add(r.value().getCounter().dup());
      }
    }
    check(live(c) == base + 3, "three counters made, liveCounters() = " + live(c));
    for (Counter.Client h : held) {
      h.close();
    }
    waitLive(c, base, "after dropping every reference");
    RpcConnection second = connect();
    try (Conformance.Client c2 = new Conformance.Client(second.bootstrap())) {
      for (int i = 0; i < 2; i++) {
        try (Result<Conformance.NewCounterResults.Reader> r = await(c2.newCounter(p -> p.setStart(0)).result())) {
          Counter.Client kept = r.value().getCounter().dup();
          await(kept.read().response());
          // Deliberately not closed: the connection's end must release it.
        }
      }
      check(live(c) == base + 2, "two counters on a second connection, liveCounters() = " + live(c));
    }
    second.close();
    waitLive(c, base, "after the second connection ended");
    return null;
  }

  /** Bootstraps, calls hold() and waits (to be killed: the other side must clean up). */
  public void hold(PrintStream out) throws Exception {
    RpcConnection conn = connect();
    Conformance.Client c = new Conformance.Client(conn.bootstrap());
    c.hold();
    await(c.liveCounters().response());
    out.println("holding");
    out.flush();
    new CompletableFuture<Void>().join();
  }

  /** Calls hold() and reports how the call fails when the server dies. */
  public boolean expectDisconnect(PrintStream out) throws Exception {
    RpcConnection conn = connect();
    Conformance.Client c = new Conformance.Client(conn.bootstrap());
    CompletionStage<Conformance.HoldResults.Reader> held = c.hold().response();
    await(c.liveCounters().response());
    out.println("holding");
    out.flush();
    long start = System.nanoTime();
    try {
      held.toCompletableFuture().get();
      out.println("wrong returned normally");
      return false;
    } catch (ExecutionException e) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (e.getCause() instanceof RpcException r && r.kind() == RpcException.Kind.DISCONNECTED) {
        out.println("disconnected " + ms);
        return true;
      }
      out.println("wrong " + e.getCause());
      return false;
    } finally {
      out.flush();
    }
  }
}
