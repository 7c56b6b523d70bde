package io.capa.capnp.rpc.internal;

/** INTERNAL API: a capability the peer exported to us, addressed by its import id. */
final class ImportHook extends Hook {
  final ConnectionState conn;
  final int importId;

  ImportHook(ConnectionState conn, int importId) {
    this.conn = conn;
    this.importId = importId;
  }

  @Override
  public void deliver(OutgoingCall call) {
    conn.execute(() -> conn.sendCall(call, this));
  }

  @Override
  protected void released() {
    conn.execute(() -> conn.releaseImport(this));
  }

  @Override
  public ConnectionState connection() {
    return conn;
  }

  @Override
  public String toString() {
    return "import(" + importId + ")";
  }
}
