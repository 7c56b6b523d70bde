package io.capa.state.testkit;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Components held in a map, for tests that need no components folder. */
public final class MapComponents implements Components {
  private final Map<String, Component> byName = new ConcurrentHashMap<>();

  public MapComponents put(String name, Component component) {
    byName.put(name, component);
    return this;
  }

  @Override
  public <T extends Component> T require(String name, Class<T> kind, String what) {
    Component c = byName.get(name);
    if (c == null || !kind.isInstance(c)) {
      throw new CapaException(ErrorCode.COMPONENT_NOT_FOUND, what + " '" + name + "' is not configured");
    }
    return kind.cast(c);
  }

  @Override
  public List<String> names(Class<? extends Component> kind) {
    List<String> out = new ArrayList<>();
    byName.forEach((n, c) -> {
      if (kind.isInstance(c)) {
        out.add(n);
      }
    });
    return out;
  }

  @Override
  public Map<String, ComponentHealth> health() {
    Map<String, ComponentHealth> out = new LinkedHashMap<>();
    byName.forEach((n, c) -> out.put(n, c.health()));
    return out;
  }

  @Override
  public void addListener(ComponentsListener listener) {}
}
