package io.capa.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcServer;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.sdk.api.CapaClient;
import io.capa.sdk.api.Mode;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a tiny in-test {@code Runtime} that misbehaves on purpose: answers late or
 * never, answers a mode this SDK does not know, answers garbage. The real runtime never does these;
 * the client must still fail clearly and go on serving.
 */
class FakeRuntimeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static ActorSystem system;

  /** A Runtime whose answers each test sets. */
  static final class Fake extends RuntimeProtocol.Runtime.Server {
    volatile int modeOrdinal = RuntimeProtocol.Mode.SIDECAR.ordinal();
    volatile boolean hangNegotiate;
    volatile boolean hangInvoke;
    volatile int invokeStatus = 200;
    volatile boolean hangPing;
    final AtomicInteger negotiations = new AtomicInteger();
    final CompletableFuture<Void> invokeCanceled = new CompletableFuture<>();

    @Override
    protected CompletionStage<?> ping(CallContext call, RuntimeProtocol.Runtime.PingParams.Reader params,
        Supplier<RuntimeProtocol.Runtime.PingResults.Builder> results) {
      if (hangPing) {
        return new CompletableFuture<>();
      }
      results.get().setVersion("fake");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> negotiate(CallContext call, RuntimeProtocol.Runtime.NegotiateParams.Reader params,
        Supplier<RuntimeProtocol.Runtime.NegotiateResults.Builder> results) {
      negotiations.incrementAndGet();
      if (hangNegotiate) {
        return new CompletableFuture<>();
      }
      RuntimeProtocol.Offer.Builder offer = results.get().initOffer();
      // Raw, so that an ordinal the schema lacks can be written too.
      offer.raw().setShort(0, (short) modeOrdinal, (short) 0);
      offer.setReason("fake runtime");
      offer.setOffered(List.of(RuntimeProtocol.Mode.SIDECAR));
      offer.setRuntimeMode("sidecar");
      offer.setRuntimeVersion("fake");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> invoke(CallContext call, RuntimeProtocol.Runtime.InvokeParams.Reader params,
        Supplier<RuntimeProtocol.Runtime.InvokeResults.Builder> results) {
      if (hangInvoke) {
        call.whenCanceled().thenRun(() -> invokeCanceled.complete(null));
        return new CompletableFuture<>();
      }
      RuntimeProtocol.InvokeResponse.Builder r = results.get().initResponse();
      r.setStatus(invokeStatus);
      r.setData(("echo " + params.getRequest().getMethod()).getBytes(StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(null);
    }
  }

  @BeforeAll
  static void start() {
    system = ActorSystem.create("fake-runtime");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static RpcServer serve(Fake fake) throws Exception {
    return RpcTransport.serve(system, "127.0.0.1", 0, () -> RpcOptions.DEFAULT.withBootstrap(Capability.of(fake)))
        .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static CapaClient.Builder client(RpcServer server) {
    return CapaClient.builder().appId("fake-app").runtime("127.0.0.1", server.address().getPort()).apiToken(null)
        .connectTimeout(Duration.ofMillis(500)).callTimeout(Duration.ofMillis(400));
  }

  private static <T> T await(CompletionStage<T> s) throws Exception {
    try {
      return s.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  @Test
  void invoke_runtimeNeverAnswers_failsDeadlineExceededAndCancelsTheCall() throws Exception {
    Fake fake = new Fake();
    fake.hangInvoke = true;
    RpcServer server = serve(fake);
    try (CapaClient client = client(server).build()) {
      long start = System.nanoTime();
      Throwable t = catchThrowable(() -> await(client.invocation().invoke(InvokeRequest.of("x", "slow", null, null))));

      assertThat(t).isInstanceOf(CapaException.class).hasMessageContaining("within 400 ms");
      assertThat(((CapaException) t).errorCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(fake.invokeCanceled).as("the runtime is told to stop").succeedsWithin(WAIT);
      fake.hangInvoke = false;
      assertThat(await(client.invocation().invoke(InvokeRequest.of("x", "next", null, null))).data())
          .asString(StandardCharsets.UTF_8).isEqualTo("echo next");
    } finally {
      server.close();
    }
  }

  @Test
  void invoke_runtimeAnswersStatusOutOfRange_failsNamingItAndGoesOnServing() throws Exception {
    Fake fake = new Fake();
    fake.invokeStatus = 999;
    RpcServer server = serve(fake);
    try (CapaClient client = client(server).build()) {
      Throwable t = catchThrowable(() -> await(client.invocation().invoke(InvokeRequest.of("x", "m", null, null))));

      assertThat(t).isInstanceOf(CapaException.class).hasMessageContaining("unreadable answer")
          .hasMessageContaining("999");
      fake.invokeStatus = 200;
      InvokeResponse ok = await(client.invocation().invoke(InvokeRequest.of("x", "m", null, null)));
      assertThat(ok.status()).isEqualTo(200);
    } finally {
      server.close();
    }
  }

  @Test
  void build_runtimeAnswersUnknownMode_failsNotSupported() throws Exception {
    Fake fake = new Fake();
    fake.modeOrdinal = 7;
    RpcServer server = serve(fake);
    try {
      Throwable t = catchThrowable(() -> client(server).fallback(Mode.SDK).build());

      assertThat(t).isInstanceOf(CapaException.class).hasMessageContaining("does not know");
      assertThat(((CapaException) t).errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
      // The fake goes on serving; a correct answer works right after.
      fake.modeOrdinal = RuntimeProtocol.Mode.SIDECAR.ordinal();
      try (CapaClient c = client(server).build()) {
        assertThat(c.mode()).isEqualTo(Mode.SIDECAR);
      }
    } finally {
      server.close();
    }
  }

  @Test
  void build_runtimeNeverAnswersNegotiate_countsAsUnreachable() throws Exception {
    Fake fake = new Fake();
    fake.hangNegotiate = true;
    RpcServer server = serve(fake);
    try (CapaClient c = client(server).fallback(Mode.SDK).build()) {
      assertThat(c.mode()).isEqualTo(Mode.SDK);
      assertThat(c.connected()).isFalse();
      assertThat(c.decision().reason()).contains("no answer within 500 ms");

      // Once the runtime answers, the background reconnection gets through.
      fake.hangNegotiate = false;
      assertThat(c.awaitConnected(WAIT)).isTrue();
      assertThat(c.mode()).as("decided once, at build").isEqualTo(Mode.SDK);
    } finally {
      server.close();
    }
  }

  @Test
  void build_tokenButRuntimeAsksForNone_connectsWithoutIt() throws Exception {
    RpcServer server = serve(new Fake());
    try (CapaClient c = client(server).apiToken("unused").build()) {
      assertThat(c.connected()).isTrue();
      assertThat(c.mode()).isEqualTo(Mode.SIDECAR);
    } finally {
      server.close();
    }
  }

  @Test
  void keepalive_runtimeStopsAnswering_closesConnectionFailsCallsAndReconnects() throws Exception {
    Fake fake = new Fake();
    fake.hangInvoke = true;
    RpcServer server = serve(fake);
    ClientSettings settings = ClientSettings.resolve("frozen-app", Optional.of("127.0.0.1"),
        Optional.of(server.address().getPort()), Optional.of(Optional.empty()), Optional.empty(), Mode.SIDECAR,
        Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(30)), Optional.empty(), k -> null)
        .withKeepalive(Duration.ofMillis(100), Duration.ofMillis(300));
    try (CapaClient c = DefaultCapaClient.start(settings)) {
      CompletionStage<InvokeResponse> inFlight = c.invocation().invoke(InvokeRequest.of("x", "m", null, null));
      fake.hangPing = true;

      long start = System.nanoTime();
      Throwable t = catchThrowable(() -> await(inFlight));

      assertThat(t).isInstanceOf(CapaException.class);
      assertThat(((CapaException) t).errorCode()).as(t.toString()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before the 30 s call timeout")
          .isLessThan(Duration.ofSeconds(5));
      assertThat(c.connected()).as("the frozen connection no longer counts").isFalse();
      fake.hangPing = false;
      fake.hangInvoke = false;
      assertThat(c.awaitConnected(WAIT)).isTrue();
      assertThat(fake.negotiations.get()).as("negotiated again on a new connection").isGreaterThanOrEqualTo(2);
      assertThat(await(c.invocation().invoke(InvokeRequest.of("x", "again", null, null))).data())
          .asString(StandardCharsets.UTF_8).isEqualTo("echo again");
    } finally {
      server.close();
    }
  }
}
