package io.capa.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.ActorRuntime;
import io.capa.actors.api.ActorType;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * One actor runtime in the test JVM with its RPC endpoints: an in-memory journal, an ephemeral
 * cluster port (or a fixed one for multi-node tests), the {@link TestActors.Counter} Java type, and
 * endpoints bound on port 0. Clients connect over real TCP with the generated typed clients.
 */
final class TestNode implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  final ActorRuntime runtime;
  final Applications applications;
  final AtomicInteger shutdownRequests = new AtomicInteger();
  private final List<SidecarEndpoint> endpoints = new ArrayList<>();
  private final List<RpcConnection> connections = new ArrayList<>();

  private TestNode(ActorRuntime runtime) {
    this.runtime = runtime;
    this.applications = Applications.create(runtime.system());
  }

  private static TestNode shared;

  /**
   * The single-node runtime the test classes share, so that the module's tests start one runtime
   * rather than one per class. Classes keep apart by the actor types, ids and app ids they use, and
   * call {@link #release()} when done. The runtime stops with the JVM (Pekko's shutdown hook).
   */
  static synchronized TestNode shared() throws IOException {
    if (shared == null) {
      shared = start("shared");
    }
    return shared;
  }

  /** A single-node cluster. */
  static TestNode start(String name) throws IOException {
    return start(name, 0, List.of());
  }

  /** A node on {@code clusterPort} joining {@code seedPorts} (all on loopback); port 0 forms its own cluster. */
  static TestNode start(String name, int clusterPort, List<Integer> seedPorts) throws IOException {
    ActorRuntime runtime =
        ActorRuntime.builder()
            .register(ActorType.of(TestActors.COUNTER, TestActors.Counter.class, TestActors.Counter::new))
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.host", "127.0.0.1")
            .setting("capa.cluster.port", clusterPort)
            .setting("capa.cluster.seed-nodes", seedPorts.stream().map(p -> "127.0.0.1:" + p).toList())
            .setting("capa.data-dir", Files.createTempDirectory("capa-sidecar-" + name).toString())
            .setting("capa.actors.reminders.partitions", 4)
            .start();
    return new TestNode(runtime);
  }

  /** A free TCP port on loopback, for cluster nodes that must know each other's address in advance. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The runtime's configuration with {@code capa.rpc.port = 0} and {@code overrides} on top. */
  Config config(Map<String, ?> overrides) {
    Map<String, Object> all = new HashMap<>();
    all.put("capa.rpc.port", 0);
    all.putAll(overrides);
    return ConfigFactory.parseMap(all).withFallback(runtime.system().settings().config());
  }

  /** Binds an endpoint; it is stopped with the node. */
  SidecarEndpoint endpoint(Map<String, ?> overrides) throws Exception {
    SidecarEndpoint e = await(startEndpoint(overrides));
    synchronized (endpoints) {
      endpoints.add(e);
    }
    return e;
  }

  CompletionStage<SidecarEndpoint> startEndpoint(Map<String, ?> overrides) {
    return SidecarEndpoint.start(runtime, config(overrides), applications, shutdownRequests::incrementAndGet);
  }

  /** Binds an endpoint serving {@code blocks}; it is stopped with the node. */
  SidecarEndpoint endpoint(Map<String, ?> overrides, BlockServices blocks) throws Exception {
    SidecarEndpoint e =
        await(SidecarEndpoint.start(runtime, config(overrides), applications, blocks, shutdownRequests::incrementAndGet));
    synchronized (endpoints) {
      endpoints.add(e);
    }
    return e;
  }

  /** A plain connection whose bootstrap is the {@code Runtime} (an endpoint without a token). */
  Conn connect(SidecarEndpoint endpoint) throws Exception {
    return connect(endpoint.port(), null);
  }

  Conn connect(int port, SSLContext tls) throws Exception {
    RpcConnection c = await(RpcTransport.connect(runtime.system(), "127.0.0.1", port, RpcOptions.DEFAULT, tls));
    synchronized (connections) {
      connections.add(c);
    }
    return new Conn(c);
  }

  @Override
  public void close() {
    release();
    runtime.close();
  }

  /** Closes the connections and endpoints opened so far; a shared node's runtime goes on. */
  void release() {
    synchronized (connections) {
      connections.forEach(RpcConnection::close);
      connections.clear();
    }
    synchronized (endpoints) {
      endpoints.forEach(SidecarEndpoint::stop);
      endpoints.clear();
    }
  }

  /** One application connection. */
  static final class Conn implements AutoCloseable {
    final RpcConnection connection;
    final Runtime.Client runtime;

    Conn(RpcConnection connection) {
      this.connection = connection;
      this.runtime = new Runtime.Client(connection.bootstrap());
    }

    @Override
    public void close() {
      runtime.close();
      connection.close();
    }
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The RPC exception a call fails with. */
  static RpcException failure(CompletionStage<?> stage) {
    Throwable t = catchThrowable(() -> await(stage));
    assertThat(t).as("the call must fail with an RPC exception").isInstanceOf(RpcException.class);
    return (RpcException) t;
  }

  /** The error code at the start of a failed call's reason. */
  static String code(CompletionStage<?> stage) {
    String reason = failure(stage).reason();
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return new String(out, StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
