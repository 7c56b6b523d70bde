package io.capa.api.pubsub;

import io.capa.api.internal.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Many messages to one topic in one call; each entry succeeds or fails on its own. */
public record BulkPublishRequest(
    String pubsubName, String topic, List<BulkPublishEntry> entries, Map<String, String> metadata) {
  public BulkPublishRequest {
    Checks.requireText(pubsubName, "pubsubName");
    Checks.requireText(topic, "topic");
    entries = Checks.nonEmptyList(entries, "bulk publish entries");
    Set<String> ids = new HashSet<>();
    for (BulkPublishEntry e : entries) {
      if (!ids.add(e.entryId())) {
        throw new IllegalArgumentException("entryId '" + e.entryId() + "' appears more than once");
      }
    }
    metadata = Checks.metadata(metadata, "publish metadata");
  }
}
