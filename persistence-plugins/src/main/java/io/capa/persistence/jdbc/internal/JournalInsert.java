package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.JdbcWriteException;
import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** INTERNAL API. Writes AtomicWrites of any persistence ids as one JDBC batch insert. */
public final class JournalInsert implements BatchWriter.Operation<JournalUnit> {
  private final Dialect dialect;
  private final String sql;

  public JournalInsert(Dialect dialect, String table) {
    this.dialect = dialect;
    this.sql = "INSERT INTO " + table + " (persistence_id, sequence_number, deleted, writer_uuid,"
        + " write_timestamp, event_manifest, ser_id, ser_manifest, payload, meta_ser_id,"
        + " meta_ser_manifest, meta_payload, tags)"
        + " VALUES (?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  @Override
  public int rows(JournalUnit unit) {
    return unit.rows().size();
  }

  @Override
  public void write(Connection c, List<JournalUnit> units) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (JournalUnit unit : units) {
        for (JournalRow row : unit.rows()) {
          bind(ps, row);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private static void bind(PreparedStatement ps, JournalRow row) throws SQLException {
    ps.setString(1, row.persistenceId());
    ps.setLong(2, row.sequenceNr());
    ps.setString(3, row.writerUuid());
    ps.setLong(4, row.timestamp());
    ps.setString(5, row.eventManifest());
    ps.setInt(6, row.payload().serializerId());
    ps.setString(7, row.payload().manifest());
    ps.setBytes(8, row.payload().bytes());
    Serialized meta = row.meta();
    if (meta == null) {
      ps.setNull(9, Types.INTEGER);
      ps.setNull(10, Types.VARCHAR);
      ps.setNull(11, Types.VARBINARY);
    } else {
      ps.setInt(9, meta.serializerId());
      ps.setString(10, meta.manifest());
      ps.setBytes(11, meta.bytes());
    }
    if (row.tags() == null) {
      ps.setNull(12, Types.VARCHAR);
    } else {
      ps.setString(12, row.tags());
    }
  }

  @Override
  public Throwable failure(Connection c, JournalUnit unit, SQLException cause) {
    if (dialect.isConstraintViolation(cause)) {
      return new JdbcWriteException(JdbcWriteException.Reason.SEQUENCE_NUMBER_TAKEN,
          "Journal write refused for " + unit.describe() + ": a sequence number is already"
              + " taken (two writers for one persistence id?)", cause);
    }
    return new JdbcWriteException(JdbcWriteException.Reason.DATABASE_ERROR,
        "Journal write failed for " + unit.describe() + ": " + cause.getMessage(), cause);
  }
}
