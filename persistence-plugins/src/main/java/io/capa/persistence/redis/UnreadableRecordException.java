package io.capa.persistence.redis;

/**
 * A value stored in Redis could not be read back: an unknown record format version, a truncated
 * or malformed record, an unknown serializer id or manifest, or bytes the serializer rejects.
 * Replay, snapshot load and {@code getObject} fail with this instead of skipping the value,
 * because skipping would silently rebuild a wrong state.
 */
public final class UnreadableRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String persistenceId;
  private final long sequenceNr;

  /**
   * @param what what the value holds: "event", "snapshot", "durable state", ...
   * @param position how the number is called: "sequence number" or "revision"
   * @param sequenceNr the sequence number (or the revision, for durable state)
   * @param problem what is wrong with the value
   */
  public UnreadableRecordException(String what, String persistenceId, String position,
      long sequenceNr, String problem, Throwable cause) {
    super("Cannot read " + what + " of persistence id '" + persistenceId + "' at " + position
        + " " + sequenceNr + ": " + problem, cause);
    this.persistenceId = persistenceId;
    this.sequenceNr = sequenceNr;
  }

  /** For a value that belongs to no single sequence number; {@link #sequenceNr()} is -1. */
  public UnreadableRecordException(String what, String persistenceId, String problem) {
    super("Cannot read " + what + " of persistence id '" + persistenceId + "': " + problem);
    this.persistenceId = persistenceId;
    this.sequenceNr = -1;
  }

  public String persistenceId() {
    return persistenceId;
  }

  /**
   * The sequence number of the event or snapshot, or the revision of the durable state; -1 when
   * the value belongs to none.
   */
  public long sequenceNr() {
    return sequenceNr;
  }
}
