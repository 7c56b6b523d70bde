package io.capa.configuration.internal;

import io.capa.api.configuration.ConfigurationItem;
import io.capa.configuration.spi.ConfigurationChange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** INTERNAL API. The open watches of one store, each seeing the part of a change its keys select. */
final class Watchers {
  private static final Logger log = LoggerFactory.getLogger(Watchers.class);

  private record Watch(Set<String> keys, Consumer<ConfigurationChange> listener) {}

  private final List<Watch> watches = new CopyOnWriteArrayList<>();

  AutoCloseable add(List<String> keys, Consumer<ConfigurationChange> listener) {
    Watch w = new Watch(Set.copyOf(keys), listener);
    watches.add(w);
    return () -> watches.remove(w);
  }

  boolean isEmpty() {
    return watches.isEmpty();
  }

  /** Whether any watch selects {@code key}. */
  boolean wants(String key) {
    for (Watch w : watches) {
      if (w.keys.isEmpty() || w.keys.contains(key)) {
        return true;
      }
    }
    return false;
  }

  void publish(ConfigurationChange change) {
    if (change.isEmpty()) {
      return;
    }
    for (Watch w : watches) {
      ConfigurationChange mine = w.keys.isEmpty() ? change : select(change, w.keys);
      if (!mine.isEmpty()) {
        try {
          w.listener.accept(mine);
        } catch (RuntimeException e) {
          log.warn("a configuration watch failed on a change; other watches still get it", e);
        }
      }
    }
  }

  private static ConfigurationChange select(ConfigurationChange change, Set<String> keys) {
    Map<String, ConfigurationItem> changed = new HashMap<>();
    change.changed().forEach((k, v) -> {
      if (keys.contains(k)) {
        changed.put(k, v);
      }
    });
    Set<String> removed = new HashSet<>();
    for (String k : change.removed()) {
      if (keys.contains(k)) {
        removed.add(k);
      }
    }
    return new ConfigurationChange(changed, removed);
  }

  /** The difference from {@code before} to {@code after}. */
  static ConfigurationChange diff(Map<String, ConfigurationItem> before, Map<String, ConfigurationItem> after) {
    Map<String, ConfigurationItem> changed = new HashMap<>();
    after.forEach((k, v) -> {
      if (!v.equals(before.get(k))) {
        changed.put(k, v);
      }
    });
    Set<String> removed = new HashSet<>(before.keySet());
    removed.removeAll(after.keySet());
    return new ConfigurationChange(changed, removed);
  }
}
