package io.capa.sequencer.internal;

import io.capa.components.spi.ComponentHealth;
import io.capa.connections.jdbc.JdbcConnector;
import io.capa.sequencer.spi.SequenceStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API. {@code sequencer.postgresql}: a row per key holding its last id, advanced by one
 * upsert that returns the new value; the row lock serializes concurrent callers.
 */
final class PostgresSequenceStore implements SequenceStore {
  private final JdbcConnector db;
  private final String sql;

  PostgresSequenceStore(JdbcConnector db, String table) {
    this.db = db;
    this.sql = "INSERT INTO " + table + " AS t (seq_key, last_id) VALUES (?, 1)"
        + " ON CONFLICT (seq_key) DO UPDATE SET last_id = t.last_id + 1 RETURNING last_id";
  }

  static String createTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (seq_key TEXT PRIMARY KEY, last_id BIGINT NOT NULL)";
  }

  @Override
  public CompletionStage<Long> nextId(String key) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public ComponentHealth health() {
    return db.health();
  }

  @Override
  public void close() {
    db.close();
  }
}
