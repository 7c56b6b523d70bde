package io.capa.benchmarks.rpc;

import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;

/**
 * The Cap'n Proto RPC peer: capnp-rpc-streams over Pekko Streams TCP, untyped API. The server is
 * the library's {@code RpcTransport.serve} with a {@link Conformance.Service} as bootstrap (echo
 * copies the Data at params pointer 0 into results pointer 0); the client is one connection whose
 * bootstrap capability carries every call, {@code Conformance.echo} with the payload written
 * straight into the outgoing Call message. Answers complete on the connection's thread, as gRPC's
 * do on its transport thread with {@code directExecutor}.
 *
 * <p>{@link #connect} makes a client only, against any server of the conformance schema (the C++
 * reference peer, for instance).
 */
public final class CapaEcho implements EchoPeer {
  private final ActorSystem system;
  private final RpcServer server;
  private final RpcConnection connection;
  private final Capability bootstrap;
  private final EchoLoad.AsyncEcho client;

  private CapaEcho(ActorSystem system, RpcServer server, RpcConnection connection) {
    this.system = system;
    this.server = server;
    this.connection = connection;
    this.bootstrap = connection.bootstrap();
    this.client = this::echo;
  }

  /** Starts the server on an ephemeral port of 127.0.0.1 and connects one client to it, on one actor system. */
  public static CapaEcho start() {
    ActorSystem system = JavaRpc.system("capa-echo");
    try {
      RpcServer server = JavaRpc.serve(system);
      return new CapaEcho(system, server, JavaRpc.connect(system, server.address(), RpcOptions.DEFAULT));
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** A client alone, on an actor system of its own, connected to {@code server}. */
  public static CapaEcho connect(InetSocketAddress server) {
    ActorSystem system = JavaRpc.system("capa-echo-client");
    try {
      return new CapaEcho(system, null, JavaRpc.connect(system, server, RpcOptions.DEFAULT));
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** The Java server's address; null for a client made by {@link #connect}. */
  public InetSocketAddress serverAddress() {
    return server == null ? null : server.address();
  }

  @Override
  public String description() {
    String version = RpcConnection.class.getPackage().getImplementationVersion();
    return "capa capnp-rpc-streams " + (version == null ? "(this build)" : version)
        + ", Pekko Streams TCP, Nagle off, one connection, untyped API, answers on the connection's thread";
  }

  @Override
  public EchoLoad.AsyncEcho client() {
    return client;
  }

  private CompletionStage<ByteBuffer> echo(ByteBuffer payload) {
    return Conformance.echo(bootstrap, payload);
  }

  @Override
  public void close() {
    try {
      bootstrap.close();
      connection.close();
      JavaRpc.await(connection.whenClosed());
      if (server != null) {
        server.close();
      }
    } finally {
      system.terminate();
      JavaRpc.await(system.getWhenTerminated());
    }
  }
}
