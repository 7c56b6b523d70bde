package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.JdbcWriteException;
import io.capa.persistence.jdbc.RevisionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.state.exception.DeleteRevisionException;

/**
 * INTERNAL API. Writes durable state revisions of many persistence ids in one transaction:
 * revision 1 is an INSERT (the primary key refuses a second one), revision N an UPDATE guarded
 * by {@code revision = N - 1}. Any refused row fails the combined batch, which the writer then
 * retries one write at a time, so exactly the stale writers fail.
 */
public final class StateUpsert implements BatchWriter.Operation<StateWrite> {

  /** An update matched no row: the stored revision is not the expected one. */
  static final class StaleRevision extends SQLException {
    private static final long serialVersionUID = 1L;

    StaleRevision() {
      super("stored revision differs from the expected one");
    }
  }

  private final Dialect dialect;
  private final String insertSql;
  private final String updateSql;
  private final String revisionSql;

  public StateUpsert(Dialect dialect, String table) {
    this.dialect = dialect;
    this.insertSql = "INSERT INTO " + table + " (ser_id, ser_manifest, payload, tag,"
        + " state_timestamp, revision, persistence_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
    this.updateSql = "UPDATE " + table + " SET ser_id = ?, ser_manifest = ?, payload = ?,"
        + " tag = ?, state_timestamp = ?, revision = ? WHERE persistence_id = ? AND revision = ?";
    this.revisionSql = "SELECT revision FROM " + table + " WHERE persistence_id = ?";
  }

  @Override
  public int rows(StateWrite unit) {
    return 1;
  }

  @Override
  public void write(Connection c, List<StateWrite> units) throws SQLException {
    List<StateWrite> inserts = new ArrayList<>();
    List<StateWrite> updates = new ArrayList<>();
    for (StateWrite w : units) {
      (w.revision() == 1 ? inserts : updates).add(w);
    }
    if (!inserts.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(insertSql)) {
        for (StateWrite w : inserts) {
          bind(ps, w);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (!updates.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(updateSql)) {
        for (StateWrite w : updates) {
          bind(ps, w);
          ps.setLong(8, w.revision() - 1);
          ps.addBatch();
        }
        // Anything but exactly one row per update (a stale revision, or a driver that cannot
        // tell) sends the batch to the one-by-one path, where counts are exact.
        for (int count : ps.executeBatch()) {
          if (count != 1) {
            throw new StaleRevision();
          }
        }
      }
    }
  }

  private static void bind(PreparedStatement ps, StateWrite w) throws SQLException {
    if (w.value() == null) {
      ps.setNull(1, Types.INTEGER);
      ps.setNull(2, Types.VARCHAR);
      ps.setNull(3, Types.VARBINARY);
    } else {
      ps.setInt(1, w.value().serializerId());
      ps.setString(2, w.value().manifest());
      ps.setBytes(3, w.value().bytes());
    }
    ps.setString(4, w.tag());
    ps.setLong(5, w.timestamp());
    ps.setLong(6, w.revision());
    ps.setString(7, w.persistenceId());
  }

  @Override
  public Throwable failure(Connection c, StateWrite unit, SQLException cause) {
    if (!(cause instanceof StaleRevision) && !dialect.isConstraintViolation(cause)) {
      return new JdbcWriteException(JdbcWriteException.Reason.DATABASE_ERROR,
          "Writing revision " + unit.revision() + " of durable state '" + unit.persistenceId()
              + "' failed: " + cause.getMessage(), cause);
    }
    long stored;
    try {
      stored = storedRevision(c, unit.persistenceId());
    } catch (SQLException e) {
      stored = -1;
    }
    if (unit.isDelete()) {
      return new DeleteRevisionException("Cannot delete durable state '" + unit.persistenceId()
          + "' as revision " + unit.revision() + ": it requires stored revision "
          + (unit.revision() - 1) + ", but the stored revision is " + stored);
    }
    return new RevisionConflictException(unit.persistenceId(), unit.revision(), stored);
  }

  private long storedRevision(Connection c, String persistenceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(revisionSql)) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      } finally {
        c.rollback();
      }
    }
  }
}
