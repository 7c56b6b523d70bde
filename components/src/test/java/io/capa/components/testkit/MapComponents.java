package io.capa.components.testkit;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentHealth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Components held in a map, for tests of building blocks that need no components folder. Lookups
 * fail with {@code COMPONENT_NOT_FOUND} like the registry's; {@link #reload} and {@link #remove} tell
 * the listeners what changed, as a rescan of the folder does. Names come back in insertion order.
 */
public class MapComponents implements Components {
  private final Map<String, Component> byName = new LinkedHashMap<>();
  private final List<ComponentsListener> listeners = new CopyOnWriteArrayList<>();

  public MapComponents() {}

  public MapComponents(Map<String, ? extends Component> byName) {
    this.byName.putAll(byName);
  }

  /** Adds or replaces {@code name} without telling the listeners. */
  public MapComponents put(String name, Component component) {
    synchronized (byName) {
      byName.put(name, component);
    }
    return this;
  }

  /** Replaces (or adds) {@code name} as a reload would, tells the listeners, then closes the old one. */
  public void reload(String name, Component component) {
    Component old;
    synchronized (byName) {
      old = byName.put(name, component);
    }
    ComponentSpec spec = spec(name);
    ComponentChange change = old == null
        ? new ComponentChange(List.of(spec), List.of(), List.of())
        : new ComponentChange(List.of(), List.of(spec), List.of());
    listeners.forEach(l -> l.onChange(change));
    if (old != null) {
      old.close();
    }
  }

  /** Removes {@code name} as a reload would, tells the listeners, then closes it. */
  public void remove(String name) {
    Component old;
    synchronized (byName) {
      old = byName.remove(name);
    }
    ComponentChange change = new ComponentChange(List.of(), List.of(), List.of(spec(name)));
    listeners.forEach(l -> l.onChange(change));
    if (old != null) {
      old.close();
    }
  }

  /** Closes every component held. */
  public void closeAll() {
    List<Component> all;
    synchronized (byName) {
      all = new ArrayList<>(byName.values());
    }
    all.forEach(Component::close);
  }

  @Override
  public <T extends Component> T require(String name, Class<T> kind, String what) {
    Component c;
    synchronized (byName) {
      c = byName.get(name);
    }
    if (c == null || !kind.isInstance(c)) {
      throw new CapaException(ErrorCode.COMPONENT_NOT_FOUND, what + " '" + name + "' is not configured");
    }
    return kind.cast(c);
  }

  @Override
  public List<String> names(Class<? extends Component> kind) {
    synchronized (byName) {
      return byName.entrySet().stream().filter(e -> kind.isInstance(e.getValue())).map(Map.Entry::getKey).toList();
    }
  }

  @Override
  public Map<String, ComponentHealth> health() {
    Map<String, Component> copy;
    synchronized (byName) {
      copy = new LinkedHashMap<>(byName);
    }
    Map<String, ComponentHealth> h = new LinkedHashMap<>();
    copy.forEach((n, c) -> h.put(n, c.health()));
    return h;
  }

  @Override
  public void addListener(ComponentsListener listener) {
    listeners.add(listener);
  }

  private static ComponentSpec spec(String name) {
    return new ComponentSpec(name, "test", "v1", Map.of(), List.of(), Optional.empty(), Path.of(name + ".yaml"), 1);
  }
}
