package io.capa.actors.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * INTERNAL API: the actor types of a node, in registration order. Types may be added while the node
 * serves calls, so the map is replaced on each addition rather than changed: every call reads it, a
 * registration is rare, and readers then never lock nor see a half-built map.
 */
final class TypeRegistry {
  private volatile Map<String, TypeRuntime> types = Map.of();

  TypeRuntime get(String name) {
    return types.get(name);
  }

  boolean contains(String name) {
    return types.containsKey(name);
  }

  Collection<TypeRuntime> all() {
    return types.values();
  }

  Set<String> names() {
    return types.keySet();
  }

  /** Adds a type unless one of that name is registered; returns whether it was added. */
  synchronized boolean add(TypeRuntime t) {
    if (types.containsKey(t.name)) {
      return false;
    }
    Map<String, TypeRuntime> next = new LinkedHashMap<>(types);
    next.put(t.name, t);
    types = Collections.unmodifiableMap(next);
    return true;
  }
}
