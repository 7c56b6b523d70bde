package io.capa.configuration.spi;

import io.capa.api.configuration.ConfigurationItem;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What a store saw change: new items by key, and keys that no longer have a value. */
public record ConfigurationChange(Map<String, ConfigurationItem> changed, Set<String> removed) {
  public ConfigurationChange {
    changed = Map.copyOf(Objects.requireNonNull(changed, "changed"));
    removed = Set.copyOf(Objects.requireNonNull(removed, "removed"));
  }

  public boolean isEmpty() {
    return changed.isEmpty() && removed.isEmpty();
  }
}
