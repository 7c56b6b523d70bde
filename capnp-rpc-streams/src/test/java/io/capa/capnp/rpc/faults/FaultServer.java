package io.capa.capnp.rpc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.Request;
import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcServer;
import io.capa.capnp.rpc.RpcTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * A real RPC server on a TCP port, giving every connection a {@link Probe} of its own, plus
 * one well-behaved client that holds a counter on it. After each hostile case the client
 * proves the process still serves (a call succeeds) and lost nothing it had acknowledged
 * (the counter goes on from where it was).
 */
final class FaultServer implements AutoCloseable {
  static final long IFACE = 0x9d2c_41f7_0b6e_a135L;
  static final Duration WAIT = Duration.ofSeconds(10);

  final ActorSystem system;
  final RpcServer server;
  /** Probes made (one per accepted connection) and released. */
  final AtomicInteger created = new AtomicInteger();
  final AtomicInteger released = new AtomicInteger();
  /** Calls of {@link Probe#HOLD} not yet answered, from every connection. */
  final BlockingQueue<CallContext> held = new LinkedBlockingQueue<>();
  private final RpcConnection good;
  private final Capability goodBoot;
  private final Capability counter;
  private long counterValue;
  private final Random random = new Random(42);

  private FaultServer(String name, RpcOptions base) throws Exception {
    system = ActorSystem.create(name);
    server = await(RpcTransport.serve(system, "127.0.0.1", 0, () -> {
      created.incrementAndGet();
      return base.withBootstrap(Capability.of(new Probe(released, held)));
    }));
    good = await(RpcTransport.connect(system, "127.0.0.1", server.address().getPort(), RpcOptions.DEFAULT));
    goodBoot = good.bootstrap();
    try (Response r = await(goodBoot.newCall(IFACE, Probe.NEW_COUNTER).send().response())) {
      counter = ((Capability) r.results().getPointer(0).getCapability()).dup();
    }
    assertServing();
  }

  static FaultServer start(String name) throws Exception {
    return start(name, RpcOptions.DEFAULT);
  }

  static FaultServer start(String name, RpcOptions base) throws Exception {
    return new FaultServer(name, base);
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.address().getPort());
  }

  RawPeer raw() throws IOException {
    return RawPeer.connect(address());
  }

  /** The good client's counter moves on by one from its last acknowledged value, and echo works. */
  void assertServing() throws Exception {
    Request r = counter.newCall(IFACE + 1, 0);
    r.initParams(1, 0).setLong(0, 1);
    try (Response resp = await(r.send().response())) {
      assertThat(resp.results().getLong(0))
          .as("the other connection's counter keeps every increment it acknowledged")
          .isEqualTo(++counterValue);
    }
    byte[] payload = new byte[1024];
    random.nextBytes(payload);
    Request e = goodBoot.newCall(IFACE, Probe.ECHO);
    e.initParams(0, 1).getPointer(0).setData(payload);
    try (Response resp = await(e.send().response())) {
      ByteBuffer b = resp.results().getPointer(0).getData(null);
      byte[] back = new byte[b.remaining()];
      b.get(back);
      assertThat(back).as("echo on the other connection").isEqualTo(payload);
    }
  }

  /**
   * Every connection but the good client's is gone and its bootstrap Probe was released. The
   * per-connection bootstrap handle in the connection's options is only dropped once the
   * ended connection is unreachable, so the wait collects garbage: a connection kept
   * reachable by anything (a leak) never releases its Probe.
   */
  void assertOnlyGoodClientLeft(String afterWhat) throws InterruptedException {
    waitFor(() -> server.connections() == 1, WAIT,
        () -> afterWhat + ": server still has " + server.connections() + " connections, expected 1");
    waitFor(() -> {
      System.gc();
      return released.get() == created.get() - 1;
    }, WAIT, () -> afterWhat + ": " + released.get() + " of " + (created.get() - 1)
        + " ended connections released their bootstrap object");
  }

  /** Both checks after a hostile case: the process serves, and the hostile connection is freed. */
  void assertSurvived(String afterWhat) throws Exception {
    assertServing();
    assertOnlyGoodClientLeft(afterWhat);
    assertServing();
  }

  static void waitFor(BooleanSupplier condition, Duration limit, java.util.function.Supplier<String> message)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(message.get());
      }
      Thread.sleep(25);
    }
  }

  static <T> T await(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws Exception {
    counter.close();
    goodBoot.close();
    good.close();
    server.close();
    system.terminate();
    await(system.getWhenTerminated());
  }
}
