package io.capa.capnp.rpc;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.io.Inet;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.util.ByteString;

/**
 * RPC over TCP, with or without TLS (Pekko's TLS stage), and in-memory pairs for tests.
 * Each accepted connection runs {@link Rpc#flow} with options of its own, so each can get a
 * bootstrap object of its own.
 */
public final class RpcTransport {
  /** Accepted connections beyond this are closed at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  private static final List<Inet.SocketOption> SOCKET_OPTIONS = List.of(TcpSO.tcpNoDelay(true));

  private RpcTransport() {
  }

  /**
   * Listens on {@code host:port} (port 0 picks one). {@code perConnection} is asked for the
   * options (bootstrap included) of every accepted connection; the connection owns that
   * bootstrap handle and closes it when it ends (supply {@code shared.dup()} to serve one
   * object to many connections).
   *
   * @param tls null for plain TCP; otherwise the server's context
   */
  public static CompletionStage<RpcServer> serve(ClassicActorSystemProvider system, String host, int port,
      Supplier<RpcOptions> perConnection, int maxConnections, SSLContext tls) {
    AtomicInteger open = new AtomicInteger();
    SharedKillSwitch killSwitch = KillSwitches.shared("rpc-server-" + host + ":" + port);
    var connections = tls == null
        ? Tcp.get(system).bind(host, port, 1024, SOCKET_OPTIONS, true, Optional.empty())
        : Tcp.get(system).bindWithTls(host, port, () -> serverEngine(tls), 1024, SOCKET_OPTIONS, Optional.empty(),
            session -> Optional.empty(), TLSClosing.eagerClose());
    return connections
        .to(Sink.foreach(conn -> {
          if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            // Refused: a flow that ends at once closes the socket.
            conn.handleWith(Flow.fromSinkAndSource(Sink.ignore(),
                org.apache.pekko.stream.javadsl.Source.<ByteString>empty()), system);
            return;
          }
          RpcOptions options = perConnection.get();
          RpcConnection c = conn.handleWith(Flow.fromGraph(killSwitch.<ByteString>flow()).viaMat(Rpc.flow(options), Keep.right()), system);
          c.whenClosed().whenComplete((d, e) -> {
            open.decrementAndGet();
            if (options.bootstrap() != null) {
              options.bootstrap().close();
            }
          });
        }))
        .run(system)
        .thenApply(binding -> new RpcServer(binding, open, killSwitch));
  }

  public static CompletionStage<RpcServer> serve(ClassicActorSystemProvider system, String host, int port,
      Supplier<RpcOptions> perConnection) {
    return serve(system, host, port, perConnection, DEFAULT_MAX_CONNECTIONS, null);
  }

  /**
   * Connects to {@code host:port}; the stage completes once TCP (and TLS) is up.
   *
   * @param tls null for plain TCP; otherwise the client's context (the peer is verified
   *     against it, host name included)
   */
  public static CompletionStage<RpcConnection> connect(ClassicActorSystemProvider system, String host, int port,
      RpcOptions options, SSLContext tls) {
    InetSocketAddress remote = InetSocketAddress.createUnresolved(host, port);
    Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> transport = tls == null
        ? Tcp.get(system).outgoingConnection(new InetSocketAddress(host, port), Optional.empty(), SOCKET_OPTIONS,
            true, Optional.of(Duration.ofSeconds(10)), Optional.empty())
        : Tcp.get(system).outgoingConnectionWithTls(new InetSocketAddress(host, port),
            () -> clientEngine(tls, remote), Optional.empty(), SOCKET_OPTIONS, Optional.of(Duration.ofSeconds(10)),
            Optional.empty(), session -> Optional.empty(), TLSClosing.eagerClose());
    Pair<CompletionStage<Tcp.OutgoingConnection>, RpcConnection> mats = transport
        .joinMat(Rpc.flow(options), Keep.both())
        .run(system);
    CompletableFuture<RpcConnection> result = new CompletableFuture<>();
    mats.first().whenComplete((c, e) -> {
      if (e != null) {
        result.completeExceptionally(RpcException.disconnected("cannot connect to " + host + ":" + port + ": "
            + e.getMessage()));
      } else {
        result.complete(mats.second());
      }
    });
    return result;
  }

  public static CompletionStage<RpcConnection> connect(ClassicActorSystemProvider system, String host, int port,
      RpcOptions options) {
    return connect(system, host, port, options, null);
  }

  /** Two connected ends in this process, joined without a socket. */
  public static Pair<RpcConnection, RpcConnection> pair(ClassicActorSystemProvider system, RpcOptions a,
      RpcOptions b) {
    return Rpc.flow(a).joinMat(Rpc.flow(b), Keep.both()).run(system);
  }

  private static SSLEngine serverEngine(SSLContext tls) {
    SSLEngine e = tls.createSSLEngine();
    e.setUseClientMode(false);
    return e;
  }

  private static SSLEngine clientEngine(SSLContext tls, InetSocketAddress remote) {
    SSLEngine e = tls.createSSLEngine(remote.getHostString(), remote.getPort());
    e.setUseClientMode(true);
    var params = e.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    e.setSSLParameters(params);
    return e;
  }
}
