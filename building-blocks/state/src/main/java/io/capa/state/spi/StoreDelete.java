package io.capa.state.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One key to delete. Without an ETag an absent key is not an error; with one, the store must hold
 * that version ({@code ERR_ETAG_MISMATCH} otherwise, also when the key is absent).
 */
public record StoreDelete(String key, Optional<String> etag) implements StoreOperation {
  public StoreDelete {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
  }

  public static StoreDelete of(String key) {
    return new StoreDelete(key, Optional.empty());
  }
}
