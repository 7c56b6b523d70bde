package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;

/**
 * INTERNAL API. Writes revision {@code revision} of one durable state; it succeeds only when the
 * stored revision is {@code revision - 1} (no row counts as revision 0).
 *
 * @param value the serialized state, or null for a delete (a tombstone keeping the revision)
 */
public record StateWrite(String persistenceId, long revision, Serialized value, String tag,
    long timestamp) {
  public StateWrite {
    if (persistenceId == null || persistenceId.isEmpty()) {
      throw new IllegalArgumentException("persistenceId must not be empty");
    }
    if (revision < 1) {
      throw new IllegalArgumentException(
          "revision of '" + persistenceId + "' must be >= 1, was " + revision);
    }
  }

  public boolean isDelete() {
    return value == null;
  }
}
