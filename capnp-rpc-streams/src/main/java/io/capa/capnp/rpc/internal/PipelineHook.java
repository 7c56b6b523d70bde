package io.capa.capnp.rpc.internal;

import java.util.ArrayDeque;

/**
 * INTERNAL API: the capability at a path of a call's results, before the results exist.
 * While the call is a question on a connection, calls on it go to the peer addressed as
 * {@code promisedAnswer} (promise pipelining); otherwise they wait for the results.
 */
final class PipelineHook extends PromiseHook {
  final CallState call;
  final int[] path;
  private ConnectionState remote;
  /** Whether any call went to the peer as a promisedAnswer: resolution then needs an embargo. */
  boolean sentRemote;

  PipelineHook(CallState call, int[] path) {
    this.call = call;
    this.path = path;
  }

  @Override
  protected boolean deliverUnresolved(OutgoingCall c) {
    ConnectionState conn = remote;
    if (conn == null) {
      return false;
    }
    beginDelivery();
    conn.execute(() -> {
      try {
        conn.sendPipelined(this, c);
      } finally {
        endDelivery();
      }
    });
    return true;
  }

  /** In the connection's loop: the call became a question there; queued calls follow it. */
  void goRemote(ConnectionState conn) {
    ArrayDeque<OutgoingCall> q;
    synchronized (this) {
      if (target() != null || remote != null) {
        return;
      }
      remote = conn;
      q = takeQueue();
    }
    for (OutgoingCall c : q) {
      conn.sendPipelined(this, c);
    }
  }

  synchronized ConnectionState remote() {
    return target() == null ? remote : null;
  }

  @Override
  public ConnectionState connection() {
    return remote();
  }

  @Override
  public String toString() {
    return "pipeline(" + java.util.Arrays.toString(path) + ", " + super.toString() + ")";
  }
}
