package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.PersistentRepr;

/** INTERNAL API. Replay, highest sequence number and deletion for one journal table. */
public final class JournalQueries {
  private final Database db;
  private final PayloadCodec codec;
  private final int pageSize;
  private final String replaySql;
  private final String highestSql;
  private final String deleteBelowSql;
  private final String markDeletedSql;

  public JournalQueries(Database db, String table, PayloadCodec codec, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("replay-page-size must be positive, was " + pageSize);
    }
    this.db = db;
    this.codec = codec;
    this.pageSize = pageSize;
    this.replaySql = "SELECT sequence_number, writer_uuid, write_timestamp, event_manifest,"
        + " ser_id, ser_manifest, payload, meta_ser_id, meta_ser_manifest, meta_payload FROM "
        + table + " WHERE persistence_id = ? AND sequence_number >= ? AND sequence_number <= ?"
        // persistence_id in ORDER BY changes nothing for the result (it is fixed by the WHERE
        // clause) but lets H2 read the page straight off the primary key; ordered by the sequence
        // number alone, H2 sorts every remaining event of the id for each page, and a replay of
        // 100,000 events took 12.7 s instead of well under one.
        + " AND deleted = FALSE ORDER BY persistence_id, sequence_number LIMIT ?";
    this.highestSql = "SELECT MAX(sequence_number) FROM " + table + " WHERE persistence_id = ?";
    this.deleteBelowSql = "DELETE FROM " + table
        + " WHERE persistence_id = ? AND sequence_number <= ?";
    this.markDeletedSql = "UPDATE " + table
        + " SET deleted = TRUE WHERE persistence_id = ? AND sequence_number = ?";
  }

  /**
   * Replays in pages keyed on the last sequence number seen, never on sequence number ranges,
   * so any gap (deleted or never written events) is stepped over instead of ending the replay.
   */
  public CompletableFuture<Void> replay(String persistenceId, long from, long to, long max,
      Consumer<PersistentRepr> callback) {
    return db.run(c -> {
      long next = Math.max(1, from);
      long remaining = max;
      try (PreparedStatement ps = c.prepareStatement(replaySql)) {
        while (remaining > 0 && next <= to) {
          int limit = (int) Math.min(pageSize, remaining);
          List<PersistentRepr> page = page(ps, persistenceId, next, to, limit);
          for (PersistentRepr repr : page) {
            callback.accept(repr);
          }
          remaining -= page.size();
          if (page.size() < limit) {
            break;
          }
          next = page.get(page.size() - 1).sequenceNr() + 1;
        }
      }
      return null;
    });
  }

  private List<PersistentRepr> page(PreparedStatement ps, String persistenceId, long from,
      long to, int limit) throws SQLException {
    ps.setString(1, persistenceId);
    ps.setLong(2, from);
    ps.setLong(3, to);
    ps.setInt(4, limit);
    List<PersistentRepr> page = new ArrayList<>(Math.min(limit, 64));
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        page.add(toRepr(persistenceId, rs));
      }
    }
    return page;
  }

  private PersistentRepr toRepr(String persistenceId, ResultSet rs) throws SQLException {
    long seq = rs.getLong(1);
    Object payload = codec.decode(new Serialized(rs.getInt(5), rs.getString(6), rs.getBytes(7)),
        "event", persistenceId, seq);
    PersistentRepr repr = PersistentRepr.apply(payload, seq, persistenceId, rs.getString(4),
        false, ActorRef.noSender(), rs.getString(2)).withTimestamp(rs.getLong(3));
    int metaSerId = rs.getInt(8);
    if (!rs.wasNull()) {
      Object meta = codec.decode(new Serialized(metaSerId, rs.getString(9), rs.getBytes(10)),
          "event metadata", persistenceId, seq);
      repr = repr.withMetadata(meta);
    }
    return repr;
  }

  /** The highest sequence number ever written, deleted events included; 0 when none. */
  public CompletableFuture<Long> highestSequenceNr(String persistenceId) {
    return db.run(c -> highest(c, persistenceId));
  }

  private long highest(Connection c, String persistenceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(highestSql)) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }
  }

  /**
   * Removes the events up to {@code to}, except the highest event of the persistence id, which
   * is only flagged deleted: replay skips it, and the highest sequence number survives.
   */
  public CompletableFuture<Void> deleteTo(String persistenceId, long to) {
    return db.transaction(c -> {
      long highest = highest(c, persistenceId);
      if (highest == 0) {
        return null;
      }
      try (PreparedStatement ps = c.prepareStatement(deleteBelowSql)) {
        ps.setString(1, persistenceId);
        ps.setLong(2, Math.min(to, highest - 1));
        ps.executeUpdate();
      }
      if (to >= highest) {
        try (PreparedStatement ps = c.prepareStatement(markDeletedSql)) {
          ps.setString(1, persistenceId);
          ps.setLong(2, highest);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }
}
