package io.capa.api.actors;

import io.capa.api.internal.Checks;
/** One operation of an actor state transaction; a transaction is applied as one turn, all or nothing. */
public sealed interface StateOperation {
  String key();

  /** Sets {@code key} to {@code value} (encoded bytes, JSON by default). */
  record Upsert(String key, byte[] value) implements StateOperation {
    public Upsert {
      Checks.requireText(key, "state key");
      value = Checks.orEmpty(value);
    }
  }

  /** Removes {@code key}; removing an absent key is not an error. */
  record Delete(String key) implements StateOperation {
    public Delete {
      Checks.requireText(key, "state key");
    }
  }
}
