package io.capa.capnp.rpc;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Tcp;

/** A listening RPC endpoint made by {@link RpcTransport#serve}. */
public final class RpcServer implements AutoCloseable {
  private final Tcp.ServerBinding binding;
  private final AtomicInteger open;
  private final SharedKillSwitch connections;

  RpcServer(Tcp.ServerBinding binding, AtomicInteger open, SharedKillSwitch connections) {
    this.binding = binding;
    this.open = open;
    this.connections = connections;
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** Connections currently open. */
  public int connections() {
    return open.get();
  }

  /** Stops accepting connections; open ones go on until they end. */
  public CompletionStage<Void> unbind() {
    return binding.unbind().thenApply(u -> null);
  }

  /** Stops accepting connections and closes the open ones; their peers see the connection end. */
  @Override
  public void close() {
    binding.unbind().toCompletableFuture().join();
    connections.shutdown();
  }
}
