package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import scala.Option;

/** INTERNAL API. The SQL of one snapshot table. */
public final class SnapshotQueries {
  private static final String CRITERIA = " WHERE persistence_id = ? AND sequence_number >= ?"
      + " AND sequence_number <= ? AND created >= ? AND created <= ?";

  private final Database db;
  private final PayloadCodec codec;
  private final String insertSql;
  private final String deleteOneSql;
  private final String loadSql;
  private final String deleteMatchingSql;

  public SnapshotQueries(Database db, String table, PayloadCodec codec) {
    this.db = db;
    this.codec = codec;
    this.insertSql = "INSERT INTO " + table + " (persistence_id, sequence_number, created,"
        + " ser_id, ser_manifest, payload, meta_ser_id, meta_ser_manifest, meta_payload)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.deleteOneSql = "DELETE FROM " + table
        + " WHERE persistence_id = ? AND sequence_number = ?";
    this.loadSql = "SELECT sequence_number, created, ser_id, ser_manifest, payload, meta_ser_id,"
        + " meta_ser_manifest, meta_payload FROM " + table + CRITERIA
        + " ORDER BY sequence_number DESC LIMIT 1";
    this.deleteMatchingSql = "DELETE FROM " + table + CRITERIA;
  }

  /** Saves, replacing any snapshot at the same sequence number (portable delete + insert). */
  public CompletableFuture<Void> save(SnapshotMetadata md, Serialized snapshot,
      Serialized meta) {
    return db.transaction(c -> {
      deleteOne(c.prepareStatement(deleteOneSql), md.persistenceId(), md.sequenceNr());
      try (PreparedStatement ps = c.prepareStatement(insertSql)) {
        ps.setString(1, md.persistenceId());
        ps.setLong(2, md.sequenceNr());
        ps.setLong(3, md.timestamp());
        ps.setInt(4, snapshot.serializerId());
        ps.setString(5, snapshot.manifest());
        ps.setBytes(6, snapshot.bytes());
        if (meta == null) {
          ps.setNull(7, Types.INTEGER);
          ps.setNull(8, Types.VARCHAR);
          ps.setNull(9, Types.VARBINARY);
        } else {
          ps.setInt(7, meta.serializerId());
          ps.setString(8, meta.manifest());
          ps.setBytes(9, meta.bytes());
        }
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** The youngest snapshot matching the criteria. */
  public CompletableFuture<Optional<SelectedSnapshot>> load(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    return db.run(c -> {
      try (PreparedStatement ps = c.prepareStatement(loadSql)) {
        bindCriteria(ps, persistenceId, criteria);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(toSelected(persistenceId, rs)) : Optional.empty();
        }
      }
    });
  }

  private SelectedSnapshot toSelected(String persistenceId, ResultSet rs) throws SQLException {
    long seq = rs.getLong(1);
    Object snapshot = codec.decode(new Serialized(rs.getInt(3), rs.getString(4), rs.getBytes(5)),
        "snapshot", persistenceId, seq);
    Option<Object> meta = Option.empty();
    int metaSerId = rs.getInt(6);
    if (!rs.wasNull()) {
      meta = Option.apply(codec.decode(
          new Serialized(metaSerId, rs.getString(7), rs.getBytes(8)),
          "snapshot metadata", persistenceId, seq));
    }
    return SelectedSnapshot.create(SnapshotMetadata.apply(persistenceId, seq, rs.getLong(2), meta),
        snapshot);
  }

  public CompletableFuture<Void> delete(SnapshotMetadata md) {
    return db.run(c -> {
      deleteOne(c.prepareStatement(deleteOneSql), md.persistenceId(), md.sequenceNr());
      return null;
    });
  }

  public CompletableFuture<Void> delete(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    return db.run(c -> {
      try (PreparedStatement ps = c.prepareStatement(deleteMatchingSql)) {
        bindCriteria(ps, persistenceId, criteria);
        ps.executeUpdate();
      }
      return null;
    });
  }

  private static void deleteOne(PreparedStatement statement, String persistenceId, long seq)
      throws SQLException {
    try (PreparedStatement ps = statement) {
      ps.setString(1, persistenceId);
      ps.setLong(2, seq);
      ps.executeUpdate();
    }
  }

  private static void bindCriteria(PreparedStatement ps, String persistenceId,
      SnapshotSelectionCriteria criteria) throws SQLException {
    ps.setString(1, persistenceId);
    ps.setLong(2, criteria.minSequenceNr());
    ps.setLong(3, criteria.maxSequenceNr());
    ps.setLong(4, criteria.minTimestamp());
    ps.setLong(5, criteria.maxTimestamp());
  }
}
