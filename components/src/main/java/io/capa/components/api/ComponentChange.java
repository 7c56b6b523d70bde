package io.capa.components.api;

import java.util.List;

/**
 * What one rescan of the components folder changed. {@code changed} holds the new definitions; the
 * runtime restarts those components with them.
 */
public record ComponentChange(
    List<ComponentSpec> added, List<ComponentSpec> changed, List<ComponentSpec> removed) {
  public ComponentChange {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
  }

  public boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }
}
