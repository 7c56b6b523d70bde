package io.capa.capnp.rpc.faults;

import static io.capa.capnp.rpc.faults.FaultServer.await;
import static io.capa.capnp.rpc.faults.FaultServer.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.Rpc;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcStats;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.capnp.rpc.gen.RpcCapnp;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Peers that cost resources rather than send bad bytes: one that never reads its answers,
 * a thousand at once, one that dies mid-call; and, from the client's side, a server that
 * dies mid-call.
 */
class ResourceFaultsTest {
  /** Small, so that a peer that does not read hits it after a thousand answers. */
  static final long HIGH_WATER = 1L << 20;
  static final int CALLS = 50_000;
  static final int CALL_BYTES = 1024;
  static final Duration PROMPTLY = Duration.ofSeconds(5);
  static FaultServer server;

  @BeforeAll
  static void start() throws Exception {
    server = FaultServer.start("resource-faults", RpcOptions.DEFAULT.withOutboundHighWaterBytes(HIGH_WATER));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @AfterEach
  void forgetHeldCalls() {
    server.held.clear();
  }

  // ---------------------------------------------------------------------------------------
  // A peer that sends calls but never reads the answers

  /** Writes echo calls (each followed by its Finish) until done or the socket fails. */
  static final class Flooder extends Thread {
    final AtomicLong sent = new AtomicLong();
    final AtomicBoolean finished = new AtomicBoolean();
    private final OutputStream out;

    Flooder(OutputStream out) {
      super("never-reading-peer");
      setDaemon(true);
      this.out = out;
    }

    @Override
    public void run() {
      byte[] payload = new byte[CALL_BYTES];
      try {
        for (int q = 1; q <= CALLS; q++) {
          ByteArrayOutputStream b = new ByteArrayOutputStream(CALL_BYTES + 256);
          b.write(Framing.toByteArray(Frames.echo(q, 0, payload)));
          b.write(Framing.toByteArray(Frames.finish(q)));
          out.write(b.toByteArray());
          sent.incrementAndGet();
        }
        finished.set(true);
      } catch (IOException e) {
        // The socket was closed under the blocked write: the end of the test.
      }
    }

    /** Waits until no call has gone out for {@code quiet}; fails if all were sent. */
    void awaitStalled(Duration quiet, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      long last = -1;
      long lastChange = System.nanoTime();
      while (System.nanoTime() < deadline) {
        assertThat(finished.get())
            .as("all %d calls (%d MiB) were accepted: the server never stopped reading from a peer that does not read",
                CALLS, (long) CALLS * CALL_BYTES >> 20)
            .isFalse();
        long now = sent.get();
        if (now != last) {
          last = now;
          lastChange = System.nanoTime();
        } else if (System.nanoTime() - lastChange > quiet.toNanos()) {
          return;
        }
        Thread.sleep(50);
      }
      assertThat(finished.get()).as("the flood neither stalled nor finished within %s", limit).isTrue();
    }
  }

  @Test
  void peerNeverReadingAnswers_serverStopsReadingIt_heapBounded_othersServed() throws Exception {
    long heapBefore = usedHeapAfterGc();
    RawPeer peer = RawPeer.connect(server.address(), 4096);
    peer.send(Frames.bootstrap(0));
    Flooder flood = new Flooder(peer.socket.getOutputStream());
    flood.start();
    try {
      flood.awaitStalled(Duration.ofMillis(1500), Duration.ofSeconds(20));
      long heapStalled = usedHeapAfterGc();
      assertThat(flood.sent.get()).as("calls accepted before the server stopped reading").isLessThan(CALLS);
      assertThat(server.server.connections()).isEqualTo(2);
      // The stalled connection takes nothing from the others.
      server.assertServing();
      assertThat(heapStalled - heapBefore)
          .as("heap held for a peer that sent %d calls of 1 KiB and read nothing (high water %d KiB)",
              flood.sent.get(), HIGH_WATER >> 10)
          .isLessThan(24L << 20);
    } finally {
      peer.reset();
      flood.join(5_000);
    }
    server.assertSurvived("never-reading peer");
  }

  @Test
  void peerNeverReadingAnswers_outboundQueueStopsAtHighWater() throws Exception {
    // The same stack as RpcTransport.serve (Rpc.flow on each accepted TCP connection), bound
    // here so the test can hold the server side's RpcConnection and read its stats.
    AtomicInteger probesReleased = new AtomicInteger();
    CompletableFuture<RpcConnection> accepted = new CompletableFuture<>();
    Tcp.ServerBinding binding = await(Tcp.get(server.system).bind("127.0.0.1", 0)
        .to(Sink.foreach(conn -> accepted.complete(conn.handleWith(Rpc.flow(RpcOptions.DEFAULT
            .withOutboundHighWaterBytes(HIGH_WATER)
            .withBootstrap(Capability.of(new Probe(probesReleased, server.held)))), server.system))))
        .run(server.system));
    try {
      RawPeer peer = RawPeer.connect(binding.localAddress(), 4096);
      RpcConnection serverSide = await(accepted);
      peer.send(Frames.bootstrap(0));
      Flooder flood = new Flooder(peer.socket.getOutputStream());
      flood.start();
      try {
        flood.awaitStalled(Duration.ofMillis(1500), Duration.ofSeconds(20));
        RpcStats stats = await(serverSide.stats());
        assertThat(stats.outboundQueuedBytes())
            .as("bytes queued for the peer once it stopped being read (high water %d)", HIGH_WATER)
            .isBetween(HIGH_WATER, HIGH_WATER + (64 << 10));
        assertThat(stats.answers()).as("answers kept (every call was finished)").isLessThan(16);
        assertThat(stats.peakInboundCallBytes()).as("peak bytes of calls being answered").isLessThan(64 << 10);
      } finally {
        peer.reset();
        flood.join(5_000);
      }
      serverSide.whenClosed().toCompletableFuture().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      await(binding.unbind());
    }
    server.assertServing();
  }

  // ---------------------------------------------------------------------------------------
  // Many connections

  @Test
  void thousandConnectionsAtOnce_normalClientServed_allFreedAfterClose() throws Exception {
    int n = 1000;
    List<RawPeer> peers = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        RawPeer p = RawPeer.connect(server.address());
        p.send(Frames.bootstrap(0));
        peers.add(p);
      }
      waitFor(() -> server.server.connections() == n + 1, FaultServer.WAIT,
          () -> server.server.connections() + " connections open, expected " + (n + 1));
      server.assertServing();
      for (RawPeer p : peers) {
        p.awaitBootstrapExport(0);
      }
      server.assertServing();
    } finally {
      for (RawPeer p : peers) {
        p.close();
      }
    }
    server.assertSurvived(n + " connections closed");
  }

  // ---------------------------------------------------------------------------------------
  // A peer that dies mid-call

  @Test
  void peerResetMidCall_callCanceledPromptly_connectionFreed() throws Exception {
    peerGoneMidCall(true);
  }

  @Test
  void peerClosedMidCall_callCanceledPromptly_connectionFreed() throws Exception {
    peerGoneMidCall(false);
  }

  private void peerGoneMidCall(boolean reset) throws Exception {
    Duration took = cancellationDelay(reset);
    assertThat(took).as("time until the server saw the call canceled").isLessThan(PROMPTLY);
    server.assertSurvived(reset ? "peer reset mid-call" : "peer closed mid-call");
  }

  /**
   * How long after the peer went the held call saw its cancellation. The call's context is
   * dropped on return: a server keeping it would keep the ended connection reachable.
   */
  private static Duration cancellationDelay(boolean reset) throws Exception {
    RawPeer peer = server.raw();
    peer.send(Frames.bootstrap(0));
    peer.send(Frames.call(1, 0, Probe.HOLD, p -> { }));
    CallContext held = server.held.poll(FaultServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(held).as("the held call reached the server").isNotNull();
    assertThat(held.isCanceled()).isFalse();
    long start = System.nanoTime();
    if (reset) {
      peer.reset();
    } else {
      peer.close();
    }
    held.whenCanceled().toCompletableFuture().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  // ---------------------------------------------------------------------------------------
  // The Java client when its server dies mid-call

  @Test
  void serverResetMidCall_clientCallsFailDisconnectedPromptly() throws Exception {
    serverGoneMidCall(true);
  }

  @Test
  void serverClosedMidCall_clientCallsFailDisconnectedPromptly() throws Exception {
    serverGoneMidCall(false);
  }

  private void serverGoneMidCall(boolean reset) throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      RpcConnection client = await(RpcTransport.connect(server.system, "127.0.0.1", listener.getLocalPort(),
          RpcOptions.DEFAULT));
      try (Socket s = listener.accept(); Capability boot = client.bootstrap()) {
        s.setSoTimeout((int) FaultServer.WAIT.toMillis());
        CompletionStage<Response> hold = boot.newCall(FaultServer.IFACE, Probe.HOLD).send().response();
        CompletionStage<Response> echo = boot.newCall(FaultServer.IFACE, Probe.ECHO).send().response();
        // The server side reads the bootstrap and both calls, answers nothing, and dies.
        InputStream in = s.getInputStream();
        List<RpcCapnp.Message.Which> seen = new ArrayList<>();
        while (seen.size() < 3) {
          MessageReader m = Framing.read(in, ReaderOptions.DEFAULT);
          assertThat(m).as("client messages before the end of stream").isNotNull();
          seen.add(RpcCapnp.Message.read(m).which());
        }
        assertThat(seen).containsExactly(RpcCapnp.Message.Which.BOOTSTRAP, RpcCapnp.Message.Which.CALL,
            RpcCapnp.Message.Which.CALL);
        long start = System.nanoTime();
        if (reset) {
          s.setSoLinger(true, 0);
        }
        s.close();
        for (CompletionStage<Response> call : List.of(hold, echo)) {
          assertThatThrownBy(() -> call.toCompletableFuture().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
              .isInstanceOf(ExecutionException.class)
              .cause()
              .isInstanceOfSatisfying(RpcException.class,
                  e -> assertThat(e.kind()).as("kind of %s", e.getMessage()).isEqualTo(RpcException.Kind.DISCONNECTED));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        client.whenClosed().toCompletableFuture().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    server.assertServing();
  }

  static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }
}
