package io.capa.sdk.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvokeResponse;
import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.RpcException;
import io.capa.sdk.api.ActorTurn;
import io.capa.sdk.api.HostedActor;
import io.capa.sdk.api.Mode;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.ProtocolErrors;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The servers the runtime calls (ActorHost, AppHandler), fed what a broken or hostile runtime
 * could send, in process. The Turn they are handed is a map-backed one in this test, standing in
 * for the runtime's; the end-to-end test drives the real one.
 */
class HostServersTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final RuntimeLink link = new RuntimeLink(ClientSettings.resolve("host-test", Optional.empty(),
      Optional.empty(), Optional.of(Optional.empty()), Optional.empty(), Mode.SIDECAR, Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), k -> null), null, scheduler, pool);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    pool.shutdownNow();
  }

  /** A turn over a map; a write of key "broken" fails as a runtime refusing it would. */
  static final class MapTurn extends RuntimeProtocol.Turn.Server {
    final Map<String, byte[]> state = new ConcurrentHashMap<>();

    @Override
    protected CompletionStage<?> getState(CallContext call, RuntimeProtocol.Turn.GetStateParams.Reader params,
        Supplier<RuntimeProtocol.Turn.GetStateResults.Builder> results) {
      byte[] v = state.get(params.getKey());
      results.get().setFound(v != null);
      if (v != null) {
        results.get().setValue(v);
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<?> setState(CallContext call, RuntimeProtocol.Turn.SetStateParams.Reader params,
        Supplier<RuntimeProtocol.Turn.SetStateResults.Builder> results) {
      if (params.getKey().equals("broken")) {
        return CompletableFuture.failedFuture(ProtocolErrors.toRpc(new CapaException(ErrorCode.PERSISTENCE_FAILED,
            "store refused key broken")));
      }
      state.put(params.getKey(), Convert.bytes(params.getValue()));
      return CompletableFuture.completedFuture(null);
    }
  }

  private static <T> T await(CompletionStage<T> s) throws Exception {
    try {
      return s.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  private static RpcException rpcFailure(CompletionStage<?> s) {
    Throwable t = catchThrowable(() -> await(s));
    assertThat(t).isInstanceOf(RpcException.class);
    return (RpcException) t;
  }

  private static CompletionStage<byte[]> invoke(RuntimeProtocol.ActorHost.Client host, String actorId, String method,
      MapTurn turn) {
    return host.invoke(p -> {
      p.setActorId(actorId);
      p.setMethod(method);
      p.setPayload("7".getBytes(UTF_8));
      p.setTurn(turn.toClient());
    }).response().thenApply(r -> Convert.bytes(r.getResult()));
  }

  @Test
  void actorHostInvoke_blankActorId_failsInvalidRequestAndGoesOnServing() throws Exception {
    HostedActor echo = (turn, method, payload) -> CompletableFuture.completedFuture((turn.id() + " " + method)
        .getBytes(UTF_8));
    try (RuntimeProtocol.ActorHost.Client host = new ActorHostServer("Echo", echo, pool, link).toClient()) {
      RpcException e = rpcFailure(invoke(host, " ", "m", new MapTurn()));

      assertThat(e.reason()).startsWith("ERR_INVALID_REQUEST").contains("actor id");
      assertThat(new String(await(invoke(host, "a", "m", new MapTurn())), UTF_8)).isEqualTo("Echo/a m");
    }
  }

  @Test
  void actorHostInvoke_writeFailedWithoutBeingAwaited_failsTheTurn() throws Exception {
    HostedActor writer = (turn, method, payload) -> {
      turn.setState("good", payload);
      turn.setState("broken", payload);
      return turn.getState("good").thenApply(v -> v.orElseThrow());
    };
    MapTurn turn = new MapTurn();
    try (RuntimeProtocol.ActorHost.Client host = new ActorHostServer("Writer", writer, pool, link).toClient()) {
      RpcException e = rpcFailure(invoke(host, "w", "m", turn));

      assertThat(e.reason()).startsWith("ERR_PERSISTENCE_FAILED").contains("broken");
      assertThat(turn.state).containsKey("good");
    }
  }

  @Test
  void actorHostInvoke_turnUsedAfterMethodCompleted_failsNamingTheRule() throws Exception {
    AtomicReference<ActorTurn> kept = new AtomicReference<>();
    HostedActor keeper = (turn, method, payload) -> {
      kept.set(turn);
      return CompletableFuture.completedFuture(new byte[0]);
    };
    try (RuntimeProtocol.ActorHost.Client host = new ActorHostServer("Keeper", keeper, pool, link).toClient()) {
      await(invoke(host, "k", "m", new MapTurn()));

      Throwable t = catchThrowable(() -> await(kept.get().setState("late", new byte[] {1})));

      assertThat(t).isInstanceOf(CapaException.class).hasMessageContaining("the turn has ended");
      assertThat(((CapaException) t).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }
  }

  @Test
  void actorHostInvoke_actorReturnsNullOrThrows_failsNamingIt() throws Exception {
    HostedActor broken = (turn, method, payload) -> {
      if (method.equals("null")) {
        return null;
      }
      throw new ArithmeticException("divide by zero");
    };
    try (RuntimeProtocol.ActorHost.Client host = new ActorHostServer("Broken", broken, pool, link).toClient()) {
      assertThat(rpcFailure(invoke(host, "b", "null", new MapTurn())).reason())
          .startsWith("ERR_ACTOR_METHOD_FAILED").contains("null");
      assertThat(rpcFailure(invoke(host, "b", "throw", new MapTurn())).reason())
          .startsWith("ERR_ACTOR_METHOD_FAILED").contains("java.lang.ArithmeticException").contains("divide by zero");
    }
  }

  @Test
  void appHandler_requestWithoutAppIdOrBadAnswer_failsClearlyAndGoesOnServing() throws Exception {
    AppHandlerServer server = new AppHandlerServer("orders", req -> switch (req.method()) {
      case "null" -> CompletableFuture.completedFuture(null);
      case "refuse" -> CompletableFuture.failedFuture(new CapaException(ErrorCode.PERMISSION_DENIED, "not you"));
      default -> CompletableFuture.completedFuture(InvokeResponse.ok(req.data(), "text/plain"));
    }, pool);
    try (RuntimeProtocol.AppHandler.Client handler = server.toClient()) {
      RpcException noApp = rpcFailure(handler.handle(p -> p.initRequest().setMethod("m")).response());
      assertThat(noApp.reason()).startsWith("ERR_INVALID_REQUEST").contains("appId");

      RpcException nothing = rpcFailure(handler.handle(p -> {
        var r = p.initRequest();
        r.setAppId("orders");
        r.setMethod("null");
      }).response());
      assertThat(nothing.reason()).startsWith("ERR_DIRECT_INVOKE").contains("answered null");

      RpcException refused = rpcFailure(handler.handle(p -> {
        var r = p.initRequest();
        r.setAppId("orders");
        r.setMethod("refuse");
      }).response());
      assertThat(refused.reason()).isEqualTo("ERR_PERMISSION_DENIED: not you");

      var ok = await(handler.handle(p -> {
        var r = p.initRequest();
        r.setAppId("orders");
        r.setMethod("echo");
        r.setData("hi".getBytes(UTF_8));
      }).response());
      assertThat(Convert.bytes(ok.getResponse().getData())).asString(UTF_8).isEqualTo("hi");
    }
  }
}
