package io.capa.persistence.jdbc;

/**
 * A stored row could not be deserialized (unknown serializer id, unknown manifest, or bytes the
 * serializer rejects). Recovery fails with this instead of skipping the row, because skipping
 * would silently rebuild a wrong state.
 */
public final class UnreadableRowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String persistenceId;
  private final long sequenceNr;

  /**
   * @param what what the row holds: "event", "snapshot" or "durable state"
   * @param sequenceNr the sequence number (or the revision, for durable state)
   */
  public UnreadableRowException(String what, String persistenceId, long sequenceNr,
      int serializerId, String manifest, Throwable cause) {
    super("Cannot deserialize " + what + " of persistence id '" + persistenceId
        + "' at sequence number " + sequenceNr + " (serializer id " + serializerId
        + ", manifest '" + manifest + "'): " + cause, cause);
    this.persistenceId = persistenceId;
    this.sequenceNr = sequenceNr;
  }

  public String persistenceId() {
    return persistenceId;
  }

  public long sequenceNr() {
    return sequenceNr;
  }
}
