package io.capa.actors.api;

import java.lang.reflect.Type;
import java.util.Optional;
import java.util.Set;

/**
 * The key/value state of one actor. Reads see the changes of the current turn; changes are buffered
 * and written atomically, in one persisted event, when the turn succeeds.
 */
public interface StateManager {
  <T> Optional<T> get(String key, Class<T> type);

  /** For generic values, e.g. a {@code List<String>} obtained through a type token. */
  <T> Optional<T> get(String key, Type type);

  /** The encoded bytes of a value, as the codec wrote them. */
  Optional<byte[]> getRaw(String key);

  void set(String key, Object value);

  void setRaw(String key, byte[] encoded);

  /** Returns whether the key was present. */
  boolean remove(String key);

  boolean contains(String key);

  Set<String> keys();
}
