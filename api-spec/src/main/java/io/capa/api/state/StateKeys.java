package io.capa.api.state;

import io.capa.api.internal.Checks;

/** INTERNAL API: the rule for state keys, shared by the records of this package. */
final class StateKeys {
  /**
   * Separates the app id prefix the runtime adds from the key in the store ({@code app||key}); a key
   * containing it could read another application's state.
   */
  static final String PREFIX_SEPARATOR = "||";

  private StateKeys() {}

  static String require(String key) {
    Checks.requireText(key, "state key");
    if (key.contains(PREFIX_SEPARATOR)) {
      throw new IllegalArgumentException("state key must not contain '" + PREFIX_SEPARATOR + "': " + key);
    }
    return key;
  }
}
