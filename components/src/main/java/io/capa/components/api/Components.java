package io.capa.components.api;

import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentHealth;
import java.util.List;
import java.util.Map;

/**
 * The running components one app may use, by name: what building blocks look their stores up in.
 * Lookups always see the latest good version of each component file.
 */
public interface Components {

  /**
   * The component named {@code name}, which must be a {@code kind}.
   *
   * @param what how errors name the kind to users, for instance {@code "state store"}
   * @throws io.capa.api.CapaException with {@code ERR_COMPONENT_NOT_FOUND} when no component of that
   *     name is visible to the app, or it is not a {@code kind} (the message names its type); with
   *     {@code ERR_COMPONENT_FAILED} when its file is good but creating it failed, with the reason
   */
  <T extends Component> T require(String name, Class<T> kind, String what);

  /** The names of the components that are a {@code kind}, in folder order. */
  List<String> names(Class<? extends Component> kind);

  /** Every component's health by name, those that failed to start included. */
  Map<String, ComponentHealth> health();

  /** Calls {@code listener} after each reload with what changed; for subscriptions to re-attach. */
  void addListener(ComponentsListener listener);
}
