package io.capa.api.state;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Optional;

/**
 * A value as read from a state store.
 *
 * @param etag the version the store holds; pass it back on a save or delete to make that write
 *     conditional. Empty when the store keeps no versions.
 */
public record StateItem(String key, byte[] value, Optional<String> etag, Map<String, String> metadata) {
  public StateItem {
    StateKeys.require(key);
    value = Checks.orEmpty(value);
    etag = Checks.optionalText(etag, "etag");
    metadata = Checks.metadata(metadata, "state metadata");
  }

  public StateItem(String key, byte[] value, String etag) {
    this(key, value, Optional.ofNullable(etag), Map.of());
  }
}
