package io.capa.api.configuration;

import io.capa.api.internal.Checks;
import java.util.List;
import java.util.Map;

/** Keys of a configuration store to read or watch; no keys means every key of the store. */
public record ConfigurationRequest(String store, List<String> keys, Map<String, String> metadata) {
  public ConfigurationRequest {
    Checks.requireText(store, "configuration store");
    keys = Checks.list(keys, "configuration keys");
    keys.forEach(k -> Checks.requireText(k, "configuration key"));
    metadata = Checks.metadata(metadata, "configuration metadata");
  }

  public static ConfigurationRequest of(String store, String... keys) {
    return new ConfigurationRequest(store, List.of(keys), Map.of());
  }
}
