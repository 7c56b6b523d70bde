package io.capa.pubsub;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentHealth;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Components over a map, for tests: what a registry offers, without a folder. */
public final class MapComponents implements Components {
  private final Map<String, Component> components = new ConcurrentHashMap<>();
  private final List<ComponentsListener> listeners = new CopyOnWriteArrayList<>();

  public MapComponents put(String name, Component component) {
    components.put(name, component);
    return this;
  }

  /** Swaps {@code name} for {@code next} and tells listeners, as a reload of its file does. */
  public void reload(String name, Component next) {
    Component old = components.put(name, next);
    ComponentSpec spec = new ComponentSpec(name, "pubsub.test", "v1", Map.of(), List.of(), Optional.empty(),
        Path.of("test.yaml"), 1);
    listeners.forEach(l -> l.onChange(new ComponentChange(List.of(), List.of(spec), List.of())));
    if (old != null) {
      old.close();
    }
  }

  @Override
  public <T extends Component> T require(String name, Class<T> kind, String what) {
    Component c = components.get(name);
    if (c == null || !kind.isInstance(c)) {
      throw new CapaException(ErrorCode.COMPONENT_NOT_FOUND, what + " '" + name + "' is not configured");
    }
    return kind.cast(c);
  }

  @Override
  public List<String> names(Class<? extends Component> kind) {
    return components.entrySet().stream().filter(e -> kind.isInstance(e.getValue())).map(Map.Entry::getKey).toList();
  }

  @Override
  public Map<String, ComponentHealth> health() {
    Map<String, ComponentHealth> h = new LinkedHashMap<>();
    components.forEach((n, c) -> h.put(n, c.health()));
    return h;
  }

  @Override
  public void addListener(ComponentsListener listener) {
    listeners.add(listener);
  }
}
