package io.capa.capnp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine through the untyped API, over an in-memory pair of connections. */
class RawEngineTest {
  static final long IFACE = 0x1234L;
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("raw");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  /** Method 0 echoes pointer 0; method 1 returns a new counter in pointer 0; method 2 adds to the counter. */
  static final class Echo implements Server {
    final AtomicInteger live;

    Echo(AtomicInteger live) {
      this.live = live;
    }

    @Override
    public CompletionStage<?> dispatch(CallContext call) {
      switch (call.methodId()) {
        case 0 -> call.initResults(0, 1).getPointer(0).set(call.params().getPointer(0));
        case 1 -> {
          live.incrementAndGet();
          long start = call.params().getLong(0);
          call.initResults(0, 1).getPointer(0).setCapability(Capability.of(new Counter(start, live)));
        }
        case 3 -> throw new RpcException(RpcException.Kind.OVERLOADED, "too busy");
        case 4 -> {
          return new CompletableFuture<Void>();
        }
        default -> throw RpcException.unimplemented("method " + call.methodId());
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  static final class Counter implements Server {
    long value;
    final AtomicInteger live;

    Counter(long start, AtomicInteger live) {
      this.value = start;
      this.live = live;
    }

    @Override
    public CompletionStage<?> dispatch(CallContext call) {
      value += call.params().getLong(0);
      call.initResults(1, 0).setLong(0, value);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void released() {
      live.decrementAndGet();
    }
  }

  static Pair<RpcConnection, RpcConnection> pair(AtomicInteger live) {
    return RpcTransport.pair(system, RpcOptions.DEFAULT,
        RpcOptions.DEFAULT.withBootstrap(Capability.of(new Echo(live))));
  }

  static <T> T await(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void echo_returnsPayload() throws Exception {
    Pair<RpcConnection, RpcConnection> p = pair(new AtomicInteger());
    try (Capability boot = p.first().bootstrap()) {
      Request r = boot.newCall(IFACE, 0);
      r.initParams(0, 1).getPointer(0).setData(new byte[] {1, 2, 3});
      try (Response resp = await(r.send().response())) {
        ByteBuffer b = resp.results().getData(0, null);
        assertThat(b.remaining()).isEqualTo(3);
        assertThat(b.get(2)).isEqualTo((byte) 3);
      }
    }
  }

  @Test
  void pipelining_callsCounterBeforeItExists_andReleases() throws Exception {
    AtomicInteger live = new AtomicInteger();
    Pair<RpcConnection, RpcConnection> p = pair(live);
    try (Capability boot = p.first().bootstrap()) {
      Request r = boot.newCall(IFACE, 1);
      r.initParams(1, 0).setLong(0, 5);
      RemotePromise made = r.send();
      try (Capability counter = made.pipeline(0)) {
        Request inc = counter.newCall(IFACE + 1, 0);
        inc.initParams(1, 0).setLong(0, 3);
        RemotePromise incP = inc.send();
        try (Response resp = await(incP.response())) {
          assertThat(resp.results().getLong(0)).isEqualTo(8);
        }
        assertThat(live.get()).as("counters alive while referenced").isEqualTo(1);
        await(made.response()).close();
      }
    }
    for (int i = 0; i < 100 && live.get() != 0; i++) {
      Thread.sleep(20);
    }
    assertThat(live.get()).isZero();
    RpcStats s = await(p.second().stats());
    assertThat(s.answers()).isZero();
  }

  @Test
  void exception_keepsKindAndReason() throws Exception {
    Pair<RpcConnection, RpcConnection> p = pair(new AtomicInteger());
    try (Capability boot = p.first().bootstrap()) {
      CompletionStage<Response> r = boot.newCall(IFACE, 3).send().response();
      assertThatThrownBy(() -> await(r)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.kind()).isEqualTo(RpcException.Kind.OVERLOADED);
            assertThat(e.reason()).contains("too busy");
          });
    }
  }

  @Test
  void close_failsOutstandingCallsDisconnected() throws Exception {
    Pair<RpcConnection, RpcConnection> p = pair(new AtomicInteger());
    Capability boot = p.first().bootstrap();
    CompletionStage<Response> held = boot.newCall(IFACE, 4).send().response();
    Thread.sleep(100);
    p.second().close();
    assertThatThrownBy(() -> await(held)).cause().isInstanceOfSatisfying(RpcException.class,
        e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.DISCONNECTED));
  }

  @Test
  void cancel_leavesNoAnswer() throws Exception {
    Pair<RpcConnection, RpcConnection> p = pair(new AtomicInteger());
    try (Capability boot = p.first().bootstrap()) {
      RemotePromise held = boot.newCall(IFACE, 4).send();
      Thread.sleep(100);
      assertThat(await(p.second().stats()).answers()).isEqualTo(1);
      held.cancel();
      for (int i = 0; i < 100 && await(p.second().stats()).answers() > 0; i++) {
        Thread.sleep(20);
      }
      assertThat(await(p.second().stats()).answers()).isZero();
      assertThat(await(p.first().stats()).questions()).isZero();
    }
  }
}
