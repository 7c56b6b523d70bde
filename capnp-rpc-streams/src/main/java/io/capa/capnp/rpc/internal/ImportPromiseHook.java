package io.capa.capnp.rpc.internal;

/**
 * INTERNAL API: a promise the peer exported (senderPromise). Calls go to the peer until its
 * Resolve arrives; from then on to the resolution, behind an embargo when calls already
 * sent must come back around first.
 */
final class ImportPromiseHook extends PromiseHook {
  final ImportHook imported;
  /** Whether any call went through the import before resolution (loop only). */
  volatile boolean callsSent;

  ImportPromiseHook(ImportHook imported) {
    this.imported = imported;
  }

  @Override
  protected boolean deliverUnresolved(OutgoingCall call) {
    callsSent = true;
    imported.deliver(call);
    return true;
  }

  @Override
  protected void released() {
    super.released();
    imported.release();
  }

  @Override
  public ConnectionState connection() {
    return target() == null ? imported.conn : null;
  }

  @Override
  public String toString() {
    return "importPromise(" + imported.importId + ", " + super.toString() + ")";
  }
}
