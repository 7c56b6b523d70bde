package io.capa.blocks.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentHealth;
import java.util.List;
import java.util.Map;

/** INTERNAL API. The components of a runtime started without a components folder: none. */
public final class NoComponents implements Components {
  @Override
  public <T extends Component> T require(String name, Class<T> kind, String what) {
    throw new CapaException(
        ErrorCode.COMPONENT_NOT_FOUND, "no " + what + " named '" + name + "': the runtime has no components folder");
  }

  @Override
  public List<String> names(Class<? extends Component> kind) {
    return List.of();
  }

  @Override
  public Map<String, ComponentHealth> health() {
    return Map.of();
  }

  @Override
  public void addListener(ComponentsListener listener) {}
}
