package io.capa.actors.internal;

import io.capa.actors.api.Codec;
import io.capa.actors.api.StateManager;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * INTERNAL API: the state as one turn sees it: its own changes layered over its parent's (a
 * reentrant turn's parent is the turn it re-entered) and finally over the saved state. Nothing here
 * touches the saved map; a successful outermost turn turns its layer into one {@link StateDelta}.
 */
final class TurnState implements StateManager {
  private final Map<String, byte[]> saved;
  private final TurnState parent;
  private final Codec codec;
  // Most turns read only, so the change sets are created on first write.
  private Map<String, byte[]> upserts = Map.of();
  private Set<String> removals = Set.of();

  TurnState(Map<String, byte[]> saved, TurnState parent, Codec codec) {
    this.saved = saved;
    this.parent = parent;
    this.codec = codec;
  }

  TurnState parent() {
    return parent;
  }

  @Override
  public Optional<byte[]> getRaw(String key) {
    for (TurnState t = this; t != null; t = t.parent) {
      byte[] v = t.upserts.get(key);
      if (v != null) {
        return Optional.of(v);
      }
      if (t.removals.contains(key)) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(saved.get(key));
  }

  @Override
  public <T> Optional<T> get(String key, Class<T> type) {
    return get(key, (Type) type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(String key, Type type) {
    return getRaw(key).map(b -> (T) codec.decode(b, type));
  }

  @Override
  public void set(String key, Object value) {
    setRaw(key, codec.encode(value));
  }

  @Override
  public void setRaw(String key, byte[] encoded) {
    requireKey(key);
    writable();
    upserts.put(key, encoded.clone());
    removals.remove(key);
  }

  @Override
  public boolean remove(String key) {
    requireKey(key);
    boolean present = contains(key);
    writable();
    upserts.remove(key);
    removals.add(key);
    return present;
  }

  @Override
  public boolean contains(String key) {
    return getRaw(key).isPresent();
  }

  @Override
  public Set<String> keys() {
    Set<String> all = new HashSet<>(saved.keySet());
    applyTo(all);
    return all;
  }

  private void applyTo(Set<String> keys) {
    if (parent != null) {
      parent.applyTo(keys);
    }
    keys.removeAll(removals);
    keys.addAll(upserts.keySet());
  }

  boolean isEmpty() {
    return upserts.isEmpty() && removals.isEmpty();
  }

  private void writable() {
    if (upserts.isEmpty() && !(upserts instanceof HashMap)) {
      upserts = new HashMap<>();
      removals = new HashSet<>();
    }
  }

  /** Folds this layer into its parent, when a reentrant turn succeeds. */
  void mergeIntoParent() {
    if (isEmpty()) {
      return;
    }
    parent.writable();
    parent.removals.removeAll(upserts.keySet());
    parent.upserts.keySet().removeAll(removals);
    parent.upserts.putAll(upserts);
    parent.removals.addAll(removals);
  }

  /** This layer as the event to persist; only for a layer without parent. */
  StateDelta toDelta() {
    return new StateDelta(Map.copyOf(upserts), new ArrayList<>(removals));
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("state key must not be empty");
    }
  }
}
