package io.capa.api.state;

import io.capa.api.internal.Checks;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One value to write to a state store.
 *
 * @param etag makes the write conditional on the store still holding this version ({@code
 *     ERR_ETAG_MISMATCH} otherwise); without one, {@link StateOptions#concurrency()} decides
 * @param ttl how long the value lives; empty keeps it until deleted
 */
public record SaveRequest(
    String key,
    byte[] value,
    Optional<String> etag,
    StateOptions options,
    Optional<Duration> ttl,
    Map<String, String> metadata) {
  public SaveRequest {
    StateKeys.require(key);
    value = Checks.orEmpty(value);
    etag = Checks.optionalText(etag, "etag");
    options = Objects.requireNonNullElse(options, StateOptions.DEFAULT);
    ttl = Checks.optionalPositive(ttl, "ttl");
    metadata = Checks.metadata(metadata, "state metadata");
  }

  /** An unconditional write with default options and no TTL. */
  public static SaveRequest of(String key, byte[] value) {
    return new SaveRequest(key, value, Optional.empty(), StateOptions.DEFAULT, Optional.empty(), Map.of());
  }

  public SaveRequest withEtag(String etag) {
    return new SaveRequest(key, value, Optional.of(etag), options, ttl, metadata);
  }

  public SaveRequest withOptions(StateOptions options) {
    return new SaveRequest(key, value, etag, options, ttl, metadata);
  }

  public SaveRequest withTtl(Duration ttl) {
    return new SaveRequest(key, value, etag, options, Optional.of(ttl), metadata);
  }
}
