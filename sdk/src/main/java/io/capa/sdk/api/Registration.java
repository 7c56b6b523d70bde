package io.capa.sdk.api;

/**
 * Something the application registered with the runtime (hosted actors, an app handler). The
 * client registers it again after every reconnection until it is closed.
 */
public interface Registration extends AutoCloseable {
  /** Ends the registration on the runtime, if connected, and stops re-registering it. */
  @Override
  void close();

  /** True while the runtime has accepted this registration on the current connection. */
  boolean active();
}
