package io.capa.capnp.rpc;

import io.capa.capnp.rpc.internal.ConnectionState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * One running RPC connection: ask it for the peer's bootstrap capability, look at its
 * tables, or close it. Obtained as the materialized value of {@link Rpc#flow}.
 */
public final class RpcConnection {
  private final ConnectionState state;
  private final CompletableFuture<Done> closed;

  /** INTERNAL API: made by the RPC stage. */
  public RpcConnection(ConnectionState state, CompletableFuture<Done> closed) {
    this.state = state;
    this.closed = closed;
  }

  /** The peer's bootstrap capability; calls on it may be made at once. */
  public Capability bootstrap() {
    return Capability.owning(state.bootstrap());
  }

  /** A snapshot of the connection's tables, taken in its loop. */
  public CompletionStage<RpcStats> stats() {
    CompletableFuture<RpcStats> f = new CompletableFuture<>();
    state.execute(() -> f.complete(state.stats()));
    closed.thenRun(() -> f.complete(new RpcStats(0, 0, 0, 0, 0, 0, 0, 0)));
    return f;
  }

  /** Closes the connection: outstanding calls on both sides fail with {@code disconnected}. */
  public void close() {
    state.execute(state::closeLocally);
  }

  /** Completes when the connection has ended, for whatever reason. */
  public CompletionStage<Done> whenClosed() {
    return closed;
  }
}
