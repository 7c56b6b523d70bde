package io.capa.persistence.redis;

/**
 * A Redis persistence operation that did not happen, with a stable {@link Reason} to act on.
 * Durable state revision conflicts have their own types ({@code RevisionConflictException} for
 * upserts, Pekko's {@code DeleteRevisionException} for deletes), and values that cannot be read
 * back fail with {@link UnreadableRecordException}.
 */
public final class RedisPersistenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the operation failed. */
  public enum Reason {
    /**
     * An append was refused because a sequence number is not above the highest one stored for
     * the persistence id: two writers for one persistence id. Nothing of that append is stored.
     */
    SEQUENCE_NUMBER_TAKEN,
    /**
     * Redis cannot be reached, the connection dropped, or Redis is still loading its data. The
     * client reconnects by itself; later operations succeed once Redis is back.
     */
    UNAVAILABLE,
    /**
     * More than request-queue-size commands were waiting for Redis's answer: Redis is not
     * keeping up. Nothing was sent.
     */
    QUEUE_FULL,
    /** Redis did not answer within command-timeout. The command may or may not have run. */
    TIMEOUT,
    /** Redis answered with an error (out of memory, wrong key type, a script error, ...). */
    REDIS_ERROR,
    /** The plugin is shutting down with its ActorSystem. */
    SHUT_DOWN
  }

  private final Reason reason;

  public RedisPersistenceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
