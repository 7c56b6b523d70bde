package io.capa.capnp.rpc.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.Result;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.interop.ConformanceRpc.Callback;
import io.capa.capnp.rpc.interop.ConformanceRpc.Conformance;
import io.capa.capnp.rpc.interop.ConformanceRpc.Counter;
import io.capa.capnp.wire.codegen.CapnpcJava;
import io.capa.capnp.wire.codegen.JavaGenerator;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client stubs and server skeletons generated with {@code --rpc}, driven in process:
 * typed calls through {@link Capability#of} reach typed server methods, and capabilities
 * travel as typed clients in parameters, results and pipelines.
 */
class GeneratedStubsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The conformance server, as much of it as in-process calls can exercise. */
  static final class ConformanceImpl extends Conformance.Server {
    final CompletableFuture<Void> released = new CompletableFuture<>();
    final List<CounterImpl> counters = new ArrayList<>();
    final ByteArrayOutputStream uploads = new ByteArrayOutputStream();
    final CRC32 crc = new CRC32();
    /** newCounter answers once this completes: lets a test pipeline on an unanswered call. */
    CompletableFuture<Void> newCounterGate = CompletableFuture.completedFuture(null);
    int cancellations;

    @Override
    protected CompletionStage<?> echo(CallContext call, Conformance.EchoParams.Reader params,
        Supplier<Conformance.EchoResults.Builder> results) {
      results.get().setPayload(bytes(params.getPayload()));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> add(CallContext call, Conformance.AddParams.Reader params,
        Supplier<Conformance.AddResults.Builder> results) {
      results.get().setSum(params.getA() + params.getB());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> newCounter(CallContext call, Conformance.NewCounterParams.Reader params,
        Supplier<Conformance.NewCounterResults.Builder> results) {
      CounterImpl counter = new CounterImpl(params.getStart());
      counters.add(counter);
      // The setter moves the client's reference into the results.
      results.get().setCounter(counter.toClient());
      return newCounterGate;
    }

    @Override
    protected CompletionStage<?> callBack(CallContext call, Conformance.CallBackParams.Reader params,
        Supplier<Conformance.CallBackResults.Builder> results) {
      Callback.Client callback = params.getCallback();
      List<Long> answers = new ArrayList<>();
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (long i = 0; i < params.getTimes(); i++) {
        long arg = i;
        chain = chain.thenCompose(v -> callback.call(p -> p.setI(arg)).response())
            .thenAccept(r -> answers.add(r.getValue()));
      }
      return chain.thenRun(() -> results.get().setResults(answers));
    }

    @Override
    protected CompletionStage<?> hold(CallContext call, Conformance.HoldParams.Reader params,
        Supplier<Conformance.HoldResults.Builder> results) {
      call.whenCanceled().thenRun(() -> cancellations++);
      return new CompletableFuture<Void>();
    }

    @Override
    protected CompletionStage<?> upload(CallContext call, Conformance.UploadParams.Reader params) {
      byte[] chunk = bytes(params.getChunk());
      uploads.writeBytes(chunk);
      crc.update(chunk);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> uploaded(CallContext call, Conformance.UploadedParams.Reader params,
        Supplier<Conformance.UploadedResults.Builder> results) {
      results.get().setBytes(uploads.size());
      results.get().setCrc32(crc.getValue());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void released() {
      released.complete(null);
    }
  }

  static final class CounterImpl extends Counter.Server {
    final CompletableFuture<Void> released = new CompletableFuture<>();
    private long value;

    CounterImpl(long start) {
      this.value = start;
    }

    @Override
    protected CompletionStage<?> increment(CallContext call, Counter.IncrementParams.Reader params,
        Supplier<Counter.IncrementResults.Builder> results) {
      value += params.getBy();
      results.get().setValue(value);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> read(CallContext call, Counter.ReadParams.Reader params,
        Supplier<Counter.ReadResults.Builder> results) {
      results.get().setValue(value);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> self(CallContext call, Counter.SelfParams.Reader params,
        Supplier<Counter.SelfResults.Builder> results) {
      // Another capability over this same object: calls through it see the same value.
      results.get().setCounter(toClient());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void released() {
      released.complete(null);
    }
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static RpcException failure(CompletionStage<?> stage) {
    Throwable t = catchThrowable(() -> await(stage));
    assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RpcException.class);
    return (RpcException) t.getCause();
  }

  @Test
  void echo_returnsPayloadUnchanged() throws Exception {
    byte[] payload = new byte[100_000];
    new Random(7).nextBytes(payload);
    try (Conformance.Client client = new ConformanceImpl().toClient()) {
      Conformance.EchoResults.Reader r = await(client.echo(p -> p.setPayload(payload)).response());

      assertThat(bytes(r.getPayload())).isEqualTo(payload);
    }
  }

  @Test
  void add_returnsWrappingSum() throws Exception {
    try (Conformance.Client client = new Conformance.Client(Capability.of(new ConformanceImpl()))) {
      assertThat(await(client.add(p -> {
        p.setA(40);
        p.setB(2);
      }).response()).getSum()).isEqualTo(42);
      assertThat(await(client.add(p -> {
        p.setA(Long.MAX_VALUE);
        p.setB(1);
      }).response()).getSum()).isEqualTo(Long.MIN_VALUE);
    }
  }

  @Test
  void newCounter_callOnPipelinedCounter_runsOnceTheCounterExists() throws Exception {
    ConformanceImpl impl = new ConformanceImpl();
    impl.newCounterGate = new CompletableFuture<>();
    try (Conformance.Client client = impl.toClient()) {
      Conformance.NewCounterResults.Promise created = client.newCounter(p -> p.setStart(5));
      try (Counter.Client counter = created.getCounter()) {
        CompletionStage<Counter.IncrementResults.Reader> incremented =
            counter.increment(p -> p.setBy(3)).response();

        assertThat(created.raw().response().toCompletableFuture()).isNotDone();
        assertThat(incremented.toCompletableFuture()).isNotDone();
        impl.newCounterGate.complete(null);
        assertThat(await(incremented).getValue()).isEqualTo(8);
        assertThat(await(counter.read().response()).getValue()).isEqualTo(8);
      }
      try (Result<Conformance.NewCounterResults.Reader> r = await(created.result())) {
        // A client read from the results is borrowed; dup() keeps it after the response is closed.
        assertThat(r.value().hasCounter()).isTrue();
        assertThat(await(r.value().getCounter().read().response()).getValue()).isEqualTo(8);
      }
    }
  }

  @Test
  void counterSelf_pipelinedChain_reachesTheSameCounter() throws Exception {
    try (Conformance.Client client = new ConformanceImpl().toClient();
        Counter.Client counter = client.newCounter(p -> p.setStart(1)).getCounter();
        Counter.Client same = counter.self().getCounter()) {
      assertThat(await(same.increment(p -> p.setBy(2)).response()).getValue()).isEqualTo(3);
      assertThat(await(counter.read().response()).getValue()).isEqualTo(3);
    }
  }

  @Test
  void callBack_callbackPassedAsParameter_isCalledInOrder() throws Exception {
    List<Long> seen = new ArrayList<>();
    Callback.Server callbackImpl = new Callback.Server() {
      @Override
      protected CompletionStage<?> call(CallContext call, Callback.CallParams.Reader params,
          Supplier<Callback.CallResults.Builder> results) {
        seen.add(params.getI());
        results.get().setValue(params.getI() * 10);
        return CompletableFuture.completedFuture(null);
      }
    };
    try (Conformance.Client client = new ConformanceImpl().toClient();
        Callback.Client callback = callbackImpl.toClient()) {
      Conformance.CallBackResults.Reader r = await(client.callBack(p -> {
        p.setCallback(callback);
        p.setTimes(4);
      }).response());

      assertThat(r.getResults()).containsExactly(0L, 10L, 20L, 30L);
      assertThat(seen).containsExactly(0L, 1L, 2L, 3L);
      assertThat(callback.capability().isClosed()).as("setter moved the reference").isTrue();
    }
  }

  @Test
  void upload_streamedChunks_arriveInOrder() throws Exception {
    ConformanceImpl impl = new ConformanceImpl();
    CRC32 expected = new CRC32();
    try (Conformance.Client client = impl.toClient()) {
      for (int i = 0; i < 5; i++) {
        byte[] chunk = ("chunk-" + i).getBytes(StandardCharsets.UTF_8);
        expected.update(chunk);
        await(client.upload(p -> p.setChunk(chunk)));
      }
      Conformance.UploadedResults.Reader r = await(client.uploaded().response());

      assertThat(r.getBytes()).isEqualTo(5 * "chunk-0".length());
      assertThat(r.getCrc32()).isEqualTo(expected.getValue());
    }
  }

  @Test
  void hold_canceledByCaller_serverSeesCancellation() throws Exception {
    ConformanceImpl impl = new ConformanceImpl();
    try (Conformance.Client client = impl.toClient()) {
      Conformance.HoldResults.Promise held = client.hold();
      assertThat(held.raw().response().toCompletableFuture()).isNotDone();

      held.cancel();

      assertThat(failure(held.response()).kind()).isEqualTo(RpcException.Kind.FAILED);
      assertThat(impl.cancellations).isEqualTo(1);
    }
  }

  @Test
  void fail_notOverridden_answersUnimplemented() throws Exception {
    try (Conformance.Client client = new ConformanceImpl().toClient()) {
      RpcException e = failure(client.fail(p -> p.setMessage("x")).response());

      assertThat(e.kind()).isEqualTo(RpcException.Kind.UNIMPLEMENTED);
      assertThat(e.reason()).isEqualTo("method Conformance.fail is not implemented");
    }
  }

  @Test
  void dispatch_unknownMethodOrInterface_answersUnimplemented() throws Exception {
    try (Conformance.Client client = new ConformanceImpl().toClient();
        Counter.Client wrongType = new Counter.Client(client.capability().dup())) {
      RpcException unknownMethod = failure(
          client.capability().newCall(Conformance.TYPE_ID, 99).send().response());
      RpcException otherInterface = failure(wrongType.read().response());

      assertThat(unknownMethod.kind()).isEqualTo(RpcException.Kind.UNIMPLEMENTED);
      assertThat(unknownMethod.reason()).contains("method 99 of interface 0xf4000d0d7fb45a2b");
      assertThat(otherInterface.kind()).isEqualTo(RpcException.Kind.UNIMPLEMENTED);
      assertThat(otherInterface.reason())
          .contains("interface 0x" + Long.toHexString(Counter.TYPE_ID));
    }
  }

  @Test
  void released_afterLastClientAndResultClosed_runsOnce() throws Exception {
    ConformanceImpl impl = new ConformanceImpl();
    Conformance.Client client = impl.toClient();
    Conformance.Client second = client.dup();
    Conformance.NewCounterResults.Promise created = client.newCounter(p -> p.setStart(0));
    Counter.Client counter = created.getCounter();
    Result<Conformance.NewCounterResults.Reader> result = await(created.result());
    assertThat(await(counter.increment(p -> p.setBy(1)).response()).getValue()).isEqualTo(1);
    CounterImpl counterImpl = impl.counters.get(0);

    counter.close();
    assertThat(counterImpl.released).isNotDone();
    result.close();
    assertThat(counterImpl.released).succeedsWithin(WAIT);

    client.close();
    assertThat(impl.released).isNotDone();
    second.close();
    assertThat(impl.released).succeedsWithin(WAIT);
  }

  /** A schema with what conformance.capnp lacks: inheritance, groups, unions, reserved names. */
  private static final String EDGE_SCHEMA = """
      @0xd3c1a6a3a5f5e001;
      interface Base {
        ping @0 () -> (pong :Text);
        close @1 () -> ();
      }
      interface Other {
        other @0 (x :Int32) -> (y :Int32);
      }
      interface Derived extends(Base, Other) {
        make @0 Holder -> Holder;
        write @1 (data :Data) -> stream;
      }
      interface Empty {}
      struct Holder {
        base @0 :Base;
        inner :group {
          deep @1 :Holder;
          capInGroup @2 :Other;
        }
        alt :union {
          none @3 :Void;
          capInUnion @4 :Base;
        }
        caps @5 :List(Base);
        any @6 :AnyPointer;
      }
      """;

  /** Drives the edge schema's generated code; compiled together with it. */
  private static final String EDGE_DRIVER = """
      package edge;

      import edge.EdgeCapnp.Base;
      import edge.EdgeCapnp.Derived;
      import edge.EdgeCapnp.Holder;
      import edge.EdgeCapnp.Other;
      import io.capa.capnp.rpc.CallContext;
      import io.capa.capnp.rpc.RpcException;
      import java.util.concurrent.CompletableFuture;
      import java.util.concurrent.CompletionStage;
      import java.util.concurrent.ExecutionException;
      import java.util.concurrent.TimeUnit;
      import java.util.function.Supplier;

      public final class Driver implements java.util.concurrent.Callable<String> {
        static final class OtherImpl extends Other.Server {
          @Override
          protected CompletionStage<?> other(CallContext call, Other.OtherParams.Reader params,
              Supplier<Other.OtherResults.Builder> results) {
            results.get().setY(params.getX() + 1);
            return CompletableFuture.completedFuture(null);
          }
        }

        static final class DerivedImpl extends Derived.Server {
          @Override
          protected CompletionStage<?> ping(CallContext call, Base.PingParams.Reader params,
              Supplier<Base.PingResults.Builder> results) {
            results.get().setPong("pong");
            return CompletableFuture.completedFuture(null);
          }

          @Override
          protected CompletionStage<?> other(CallContext call, Other.OtherParams.Reader params,
              Supplier<Other.OtherResults.Builder> results) {
            results.get().setY(params.getX() * 2);
            return CompletableFuture.completedFuture(null);
          }

          @Override
          protected CompletionStage<?> make(CallContext call, Holder.Reader params,
              Supplier<Holder.Builder> results) {
            Other.Client o = new OtherImpl().toClient();
            results.get().getInner().initDeep().getInner().setCapInGroup(o.dup());
            results.get().getInner().setCapInGroup(o);
            return CompletableFuture.completedFuture(null);
          }
        }

        static <T> T await(CompletionStage<T> s) throws Exception {
          return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        @Override
        public String call() throws Exception {
          try (Derived.Client d = new DerivedImpl().toClient();
              Base.Client asBase = new Base.Client(d.capability().dup())) {
            String pong = await(d.ping().response()).getPong();
            String pongAsBase = await(asBase.ping().response()).getPong();
            int doubled = await(d.other(p -> p.setX(21)).response()).getY();
            Holder.Promise made = d.make(p -> { });
            int viaGroup;
            int viaDeepGroup;
            try (Other.Client o = made.getInner().getCapInGroup();
                Other.Client deep = made.getInner().getDeep().getInner().getCapInGroup()) {
              viaGroup = await(o.other(p -> p.setX(1)).response()).getY();
              viaDeepGroup = await(deep.other(p -> p.setX(2)).response()).getY();
            }
            String closeKind;
            try {
              await(d.close_().response());
              closeKind = "none";
            } catch (ExecutionException e) {
              closeKind = ((RpcException) e.getCause()).kind().name();
            }
            return pong + " " + pongAsBase + " " + doubled + " " + viaGroup + " " + viaDeepGroup + " " + closeKind;
          }
        }
      }
      """;

  @Test
  void edgeSchema_inheritanceGroupsAndReservedNames_compileAndRun(@TempDir Path dir) throws Exception {
    Path schema = dir.resolve("edge.capnp");
    Files.writeString(schema, EDGE_SCHEMA, StandardCharsets.UTF_8);
    List<JavaGenerator.GeneratedFile> files = CapnpcJava.generate(SchemaCompiler.compile(schema, List.of()),
        "edge", new JavaGenerator.Options(true, null));
    Path src = dir.resolve("src");
    CapnpcJava.write(files, src);
    Path driver = src.resolve("edge").resolve("Driver.java");
    Files.writeString(driver, EDGE_DRIVER, StandardCharsets.UTF_8);
    Path classes = dir.resolve("classes");
    List<String> args = new ArrayList<>(List.of("-Xlint:all,-processing,-serial,-options,-try,-classfile", "-Werror",
        "-d", classes.toString(), "-cp", System.getProperty("java.class.path"), driver.toString()));
    for (JavaGenerator.GeneratedFile f : files) {
      args.add(src.resolve(f.path()).toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    int code = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));

    assertThat(code).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Callable<?> run = (Callable<?>) loader.loadClass("edge.Driver").getDeclaredConstructor().newInstance();
      assertThat(run.call()).isEqualTo("pong pong 42 2 3 UNIMPLEMENTED");
    }
  }
}
