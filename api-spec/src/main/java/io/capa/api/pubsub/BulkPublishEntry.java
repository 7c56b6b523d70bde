package io.capa.api.pubsub;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a bulk publish.
 *
 * @param entryId names the entry in the per-entry outcome; unique within its request
 */
public record BulkPublishEntry(String entryId, byte[] data, String contentType, Map<String, String> metadata) {
  public BulkPublishEntry {
    Checks.requireText(entryId, "entryId");
    data = Checks.orEmpty(data);
    contentType = Objects.requireNonNullElse(contentType, "application/octet-stream");
    Checks.requireText(contentType, "contentType");
    metadata = Checks.metadata(metadata, "entry metadata");
  }
}
