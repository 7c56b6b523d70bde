package io.capa.bindings.api;

import io.capa.bindings.spi.BindingTarget;
import io.capa.bindings.spi.InputSettings;

/** Turns an input binding's {@link InputSettings#target()} into the target its events go to. */
@FunctionalInterface
public interface BindingTargets {

  /**
   * @throws IllegalArgumentException when this runtime cannot reach that kind of target (for
   *     instance {@code rpc} without a connected application); the binding is then not started
   */
  BindingTarget resolve(String binding, InputSettings settings);
}
