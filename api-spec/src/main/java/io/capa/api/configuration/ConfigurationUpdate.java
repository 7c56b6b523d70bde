package io.capa.api.configuration;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A change of watched keys: new values by key, and keys that no longer have one. */
public record ConfigurationUpdate(String store, Map<String, ConfigurationItem> changed, Set<String> removed) {
  public ConfigurationUpdate {
    Checks.requireText(store, "configuration store");
    changed = Objects.requireNonNullElse(changed, Map.of());
    removed = Objects.requireNonNullElse(removed, Set.of());
    for (Map.Entry<String, ConfigurationItem> e : changed.entrySet()) {
      if (e.getValue() == null || !e.getValue().key().equals(e.getKey())) {
        throw new IllegalArgumentException("changed item under '" + e.getKey() + "' must have that key");
      }
      if (removed.contains(e.getKey())) {
        throw new IllegalArgumentException("key '" + e.getKey() + "' is both changed and removed");
      }
    }
    for (String key : removed) {
      Checks.requireText(key, "removed configuration key");
    }
    if (changed.isEmpty() && removed.isEmpty()) {
      throw new IllegalArgumentException("configuration update must change or remove a key");
    }
    changed = Map.copyOf(changed);
    removed = Set.copyOf(removed);
  }
}
