package io.capa.state.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;

/**
 * INTERNAL API. How a store's keys are prefixed, from its {@code keyPrefix} metadata as Dapr reads
 * it: {@code appid} ({@code app||key}, the default), {@code name} ({@code store||key}), {@code
 * none}, or any other text as a fixed prefix ({@code text||key}).
 */
final class KeyPrefix {
  static final String SEPARATOR = "||";

  private final String prefix;

  private KeyPrefix(String prefix) {
    this.prefix = prefix;
  }

  static KeyPrefix of(String mode, String appId, String storeName) {
    String m = mode == null || mode.isBlank() ? "appid" : mode.trim();
    switch (m.toLowerCase(java.util.Locale.ROOT)) {
      case "appid":
        return new KeyPrefix(appId.isEmpty() ? "" : appId + SEPARATOR);
      case "name":
        return new KeyPrefix(storeName + SEPARATOR);
      case "none":
        return new KeyPrefix("");
      default:
        return new KeyPrefix(m + SEPARATOR);
    }
  }

  /** Checks a user key and prefixes it. */
  String apply(String key) {
    requireKey(key);
    return prefix + key;
  }

  String strip(String stored) {
    return stored.startsWith(prefix) ? stored.substring(prefix.length()) : stored;
  }

  static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "a state key must not be empty");
    }
    if (key.contains(SEPARATOR)) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "state key '" + key + "' must not contain '" + SEPARATOR + "' (it separates the key prefix)");
    }
  }
}
