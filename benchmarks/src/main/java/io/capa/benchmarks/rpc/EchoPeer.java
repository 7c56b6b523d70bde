package io.capa.benchmarks.rpc;

/**
 * A running RPC stack that answers echo calls: its server and one client connected to it, in this
 * JVM, over TCP on the loopback interface. {@link RpcEchoBench} starts each peer once and drives
 * its {@link #client()} with {@link EchoLoad}.
 */
public interface EchoPeer extends AutoCloseable {
  /** One line for the output: library and version, transport, and how calls are dispatched. */
  String description();

  /** The client side; calls may be issued from any thread, including the stack's own I/O threads. */
  EchoLoad.AsyncEcho client();

  /** Stops the client, then the server, and waits for both. */
  @Override
  void close();
}
