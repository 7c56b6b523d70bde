package io.capa.benchmarks.rpc;

import com.typesafe.config.ConfigFactory;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.Rpc;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcServer;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.capnp.rpc.Server;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;

/** The Java side of the Cap'n Proto RPC benchmarks: actor system, servers and client connections. */
final class JavaRpc {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private JavaRpc() {}

  /** A local actor system that logs through SLF4J (standard error), so standard output holds only figures. */
  static ActorSystem system(String name) {
    return ActorSystem.create(
        name,
        ConfigFactory.parseString(
                """
                pekko.actor.provider = local
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = OFF
                """)
            .withFallback(ConfigFactory.load())
            .resolve());
  }

  /** The library's own TCP server on an ephemeral port of 127.0.0.1, a {@link Conformance.Service} per connection. */
  static RpcServer serve(ActorSystem system) {
    return await(RpcTransport.serve(system, "127.0.0.1", 0,
        () -> RpcOptions.DEFAULT.withBootstrap(Capability.of(new Conformance.Service()))));
  }

  static RpcConnection connect(ActorSystem system, InetSocketAddress to, RpcOptions options) {
    return await(RpcTransport.connect(system, to.getHostString(), to.getPort(), options));
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().toString(), e.getCause());
    }
  }

  /**
   * A TCP server that runs each accepted connection exactly as {@link RpcTransport#serve} does
   * ({@link Rpc#flow} with Nagle off, a {@link Conformance.Service} per connection) but keeps the
   * server-side {@link RpcConnection}s, whose {@code stats()} the library's server does not
   * expose: the receiver's view of a stream (bytes of calls held) is read from them.
   */
  static final class ObservedServer implements AutoCloseable {
    private final Tcp.ServerBinding binding;
    private final LinkedBlockingQueue<RpcConnection> accepted;

    private ObservedServer(Tcp.ServerBinding binding, LinkedBlockingQueue<RpcConnection> accepted) {
      this.binding = binding;
      this.accepted = accepted;
    }

    static ObservedServer start(ActorSystem system, RpcOptions options) {
      return start(system, options, Conformance.Service::new);
    }

    /** {@code bootstrap} makes the object each connection serves. */
    static ObservedServer start(ActorSystem system, RpcOptions options, Supplier<Server> bootstrap) {
      LinkedBlockingQueue<RpcConnection> accepted = new LinkedBlockingQueue<>();
      Tcp.ServerBinding binding = await(
          Tcp.get(system)
              .bind("127.0.0.1", 0, 1024, List.of(TcpSO.tcpNoDelay(true)), true, Optional.empty())
              .to(Sink.foreach(conn -> accepted.add(conn.handleWith(
                  Rpc.flow(options.withBootstrap(Capability.of(bootstrap.get()))), system))))
              .run(system));
      return new ObservedServer(binding, accepted);
    }

    InetSocketAddress address() {
      return binding.localAddress();
    }

    /** The server side of the next connection accepted (in order of acceptance). */
    RpcConnection nextAccepted() {
      try {
        RpcConnection c = accepted.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
          throw new IllegalStateException("no connection accepted within " + TIMEOUT.toSeconds() + " s");
        }
        return c;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    @Override
    public void close() {
      await(binding.unbind());
    }
  }
}
