package io.capa.database.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Components from a fixed map, for testing a building block's service without the registry. */
final class MapComponents implements Components {
  private final Map<String, Component> byName;

  MapComponents(Map<String, Component> byName) {
    this.byName = new LinkedHashMap<>(byName);
  }

  @Override
  public <T extends Component> T require(String name, Class<T> kind, String what) {
    Component c = byName.get(name);
    if (c == null || !kind.isInstance(c)) {
      throw new CapaException(ErrorCode.COMPONENT_NOT_FOUND, what + " " + name + " is not configured");
    }
    return kind.cast(c);
  }

  @Override
  public List<String> names(Class<? extends Component> kind) {
    return byName.entrySet().stream().filter(e -> kind.isInstance(e.getValue())).map(Map.Entry::getKey).toList();
  }

  @Override
  public Map<String, ComponentHealth> health() {
    Map<String, ComponentHealth> m = new LinkedHashMap<>();
    byName.forEach((k, v) -> m.put(k, v.health()));
    return m;
  }

  @Override
  public void addListener(ComponentsListener listener) {}
}
