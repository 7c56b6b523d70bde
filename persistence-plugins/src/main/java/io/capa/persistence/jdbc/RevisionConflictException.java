package io.capa.persistence.jdbc;

import org.apache.pekko.persistence.state.exception.DurableStateException;

/**
 * An upsert of durable state was refused because the stored revision is not the one the writer
 * expected: another writer got there first, or the writer's view is stale.
 */
public final class RevisionConflictException extends DurableStateException {
  private static final long serialVersionUID = 1L;

  private final String persistenceId;
  private final long requestedRevision;
  private final long storedRevision;

  public RevisionConflictException(String persistenceId, long requestedRevision,
      long storedRevision) {
    super(message(persistenceId, requestedRevision, storedRevision));
    this.persistenceId = persistenceId;
    this.requestedRevision = requestedRevision;
    this.storedRevision = storedRevision;
  }

  static String message(String persistenceId, long requested, long stored) {
    return "Revision conflict on durable state '" + persistenceId + "': writing revision "
        + requested + " requires stored revision " + (requested - 1)
        + ", but the stored revision is " + stored;
  }

  public String persistenceId() {
    return persistenceId;
  }

  public long requestedRevision() {
    return requestedRevision;
  }

  /** The revision found in the store when the write was refused (0 when there is none). */
  public long storedRevision() {
    return storedRevision;
  }
}
