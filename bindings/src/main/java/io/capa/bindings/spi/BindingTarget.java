package io.capa.bindings.spi;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where an input binding's events are handled: an actor method, an HTTP route of the application,
 * or a capability the application registered over the sidecar protocol. The event counts as handled
 * when the stage completes normally; a failure means "not handled", and the event is retried.
 */
@FunctionalInterface
public interface BindingTarget {

  /**
   * Hands one event to the target.
   *
   * @param binding the input binding's component name
   * @return the target's answer (empty when it has none); it may be routed on to output bindings
   */
  CompletionStage<byte[]> deliver(String binding, byte[] data, Map<String, String> metadata);
}
