package io.capa.api.state;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One key to delete from a state store. Deleting an absent key is not an error, unless an ETag was
 * given: then there is no such version and the delete fails with {@code ERR_ETAG_MISMATCH}.
 */
public record DeleteRequest(
    String key, Optional<String> etag, StateOptions options, Map<String, String> metadata) {
  public DeleteRequest {
    StateKeys.require(key);
    etag = Checks.optionalText(etag, "etag");
    options = Objects.requireNonNullElse(options, StateOptions.DEFAULT);
    metadata = Checks.metadata(metadata, "state metadata");
  }

  public static DeleteRequest of(String key) {
    return new DeleteRequest(key, Optional.empty(), StateOptions.DEFAULT, Map.of());
  }

  public DeleteRequest withEtag(String etag) {
    return new DeleteRequest(key, Optional.of(etag), options, metadata);
  }
}
