package io.capa.persistence.jdbc;

/**
 * A journal or durable state write that did not happen, with a stable {@link Reason} to act on.
 * Revision conflicts of durable state have their own type, {@link RevisionConflictException}.
 */
public final class JdbcWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the write failed. */
  public enum Reason {
    /** The sequence number is already stored: two writers for one persistence id. */
    SEQUENCE_NUMBER_TAKEN,
    /** The write queue stayed full for enqueue-timeout: the database is not keeping up. */
    QUEUE_FULL,
    /** The plugin is shutting down with its ActorSystem. */
    SHUT_DOWN,
    /** The database refused the statement or the connection failed. */
    DATABASE_ERROR
  }

  private final Reason reason;

  public JdbcWriteException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
