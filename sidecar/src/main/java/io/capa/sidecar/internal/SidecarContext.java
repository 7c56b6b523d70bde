package io.capa.sidecar.internal;

import io.capa.actors.api.ActorRuntime;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.BlockServices;

/** INTERNAL API: what every connection's servers share. */
public record SidecarContext(
    RpcSettings settings,
    ActorRuntime runtime,
    HostedTypes hosted,
    Applications applications,
    Admission admission,
    BlockServices blocks,
    Runnable shutdownHook) {
  /** The protocol and runtime version reported by {@code ping}, {@code metadata} and negotiation. */
  public static final String VERSION = "0.1.0";

  void shutdown() {
    // After the answer has left: the hook stops the servers this call arrived through.
    Thread t = new Thread(shutdownHook, "capa-shutdown");
    t.setDaemon(false);
    t.start();
  }
}
