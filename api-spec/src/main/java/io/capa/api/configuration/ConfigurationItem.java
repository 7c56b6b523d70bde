package io.capa.api.configuration;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration value.
 *
 * @param version the store's version of the value; on save, a present version makes the write
 *     conditional on it ({@code ERR_ETAG_MISMATCH} otherwise)
 */
public record ConfigurationItem(String key, String value, Optional<String> version, Map<String, String> metadata) {
  public ConfigurationItem {
    Checks.requireText(key, "configuration key");
    value = Objects.requireNonNullElse(value, "");
    version = Checks.optionalText(version, "version");
    metadata = Checks.metadata(metadata, "configuration metadata");
  }

  public static ConfigurationItem of(String key, String value) {
    return new ConfigurationItem(key, value, Optional.empty(), Map.of());
  }
}
