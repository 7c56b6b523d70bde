package io.capa.configuration.testkit;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentHealth;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Components by name over a map, and the context and configs tests create components with. */
public final class TestComponents implements Components, AutoCloseable {
  private final Map<String, Component> byName = new ConcurrentHashMap<>();
  public final ExecutorService blocking = Executors.newCachedThreadPool();
  public final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

  public ComponentContext context(Path dataDir) {
    return new ComponentContext("test-app", blocking, scheduler, dataDir);
  }

  public static ComponentConfig config(String name, String type, Map<String, String> metadata) {
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    metadata.forEach((k, v) -> m.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec(name, type, "v1", m, List.of(), Optional.empty(), Path.of(name + ".yaml"), 1);
    return new ComponentConfig(spec, metadata);
  }

  public TestComponents put(String name, Component component) {
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
    return byName.entrySet().stream().filter(e -> kind.isInstance(e.getValue())).map(Map.Entry::getKey).toList();
  }

  @Override
  public Map<String, ComponentHealth> health() {
    Map<String, ComponentHealth> h = new LinkedHashMap<>();
    byName.forEach((k, v) -> h.put(k, v.health()));
    return h;
  }

  private final List<ComponentsListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void addListener(ComponentsListener listener) {
    listeners.add(listener);
  }

  /** Replaces (or adds) {@code name} as a reload would, and tells the listeners. */
  public void reload(String name, Component component) {
    Component old = byName.put(name, component);
    ComponentSpec spec = config(name, "test", Map.of()).spec();
    ComponentChange change = old == null
        ? new ComponentChange(List.of(spec), List.of(), List.of())
        : new ComponentChange(List.of(), List.of(spec), List.of());
    listeners.forEach(l -> l.onChange(change));
    if (old != null) {
      old.close();
    }
  }

  /** Removes {@code name} as a reload would, and tells the listeners. */
  public void remove(String name) {
    Component old = byName.remove(name);
    ComponentChange change = new ComponentChange(List.of(), List.of(), List.of(config(name, "test", Map.of()).spec()));
    listeners.forEach(l -> l.onChange(change));
    if (old != null) {
      old.close();
    }
  }

  @Override
  public void close() {
    byName.values().forEach(Component::close);
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }
}
