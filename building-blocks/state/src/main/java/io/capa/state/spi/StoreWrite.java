package io.capa.state.spi;

import io.capa.api.state.Concurrency;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One value to write under an already prefixed key.
 *
 * @param etag when present, the write succeeds only if the store holds this version
 * @param concurrency without an ETag, {@link Concurrency#FIRST_WRITE} writes only if the key has
 *     no value
 * @param ttl empty: the component's default expiry (none unless configured); {@link #NO_EXPIRY}:
 *     never expires; otherwise how long the value lives
 */
public record StoreWrite(
    String key, byte[] value, Optional<String> etag, Concurrency concurrency, Optional<Duration> ttl)
    implements StoreOperation {
  /** Asks for a value that never expires, even when the component has a default TTL. */
  public static final Duration NO_EXPIRY = Duration.ZERO;

  public StoreWrite {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(concurrency, "concurrency");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isPresent() && ttl.get().isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl.get());
    }
  }

  /** An unconditional write with the component's default expiry. */
  public static StoreWrite of(String key, byte[] value) {
    return new StoreWrite(key, value, Optional.empty(), Concurrency.LAST_WRITE, Optional.empty());
  }
}
