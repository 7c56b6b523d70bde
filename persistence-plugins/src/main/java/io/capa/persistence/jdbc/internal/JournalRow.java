package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;

/**
 * INTERNAL API. One event as stored.
 *
 * @param meta the serialized event metadata, or null
 * @param tags comma-separated tags, or null
 */
public record JournalRow(
    String persistenceId,
    long sequenceNr,
    String writerUuid,
    long timestamp,
    String eventManifest,
    Serialized payload,
    Serialized meta,
    String tags) {
  public JournalRow {
    if (persistenceId == null || persistenceId.isEmpty()) {
      throw new IllegalArgumentException("persistenceId must not be empty");
    }
    if (sequenceNr < 1) {
      throw new IllegalArgumentException("sequenceNr must be >= 1, was " + sequenceNr);
    }
    if (payload == null || writerUuid == null || eventManifest == null) {
      throw new IllegalArgumentException("payload, writerUuid and eventManifest are required");
    }
  }
}
