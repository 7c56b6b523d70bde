package io.capa.state.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A value as a store holds it.
 *
 * @param etag the version of the value; empty when the store keeps none
 */
public record StoredValue(String key, byte[] value, Optional<String> etag) {
  public StoredValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(etag, "etag");
  }
}
