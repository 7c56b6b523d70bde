package io.capa.lock.internal;

import io.capa.api.lock.UnlockStatus;
import io.capa.components.spi.ComponentHealth;
import io.capa.connections.jdbc.JdbcConnector;
import io.capa.lock.spi.LockStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API. {@code lock.postgresql}: a row per held lock with its owner and expiry. Taking a lock
 * inserts the row, or takes over a row whose expiry has passed, in one statement; the database's
 * clock decides expiry, so the runtimes' clocks need not agree.
 */
final class PostgresLockStore implements LockStore {
  private final JdbcConnector db;
  private final String table;

  PostgresLockStore(JdbcConnector db, String table) {
    this.db = db;
    this.table = table;
  }

  static String createTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (resource_id TEXT PRIMARY KEY, owner TEXT NOT NULL,"
        + " expires_at TIMESTAMPTZ NOT NULL)";
  }

  @Override
  public CompletionStage<Boolean> tryLock(String resourceId, String owner, Duration expiry) {
    String sql = "INSERT INTO " + table + " AS t (resource_id, owner, expires_at)"
        + " VALUES (?, ?, clock_timestamp() + ? * INTERVAL '1 millisecond')"
        + " ON CONFLICT (resource_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at"
        + " WHERE t.expires_at <= clock_timestamp()";
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, resourceId);
        ps.setString(2, owner);
        ps.setLong(3, Math.max(1, expiry.toMillis()));
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public CompletionStage<UnlockStatus> unlock(String resourceId, String owner) {
    String delete = "DELETE FROM " + table + " WHERE resource_id = ? AND owner = ? AND expires_at > clock_timestamp()";
    String holder = "SELECT owner FROM " + table + " WHERE resource_id = ? AND expires_at > clock_timestamp()";
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(delete)) {
        ps.setString(1, resourceId);
        ps.setString(2, owner);
        if (ps.executeUpdate() == 1) {
          return UnlockStatus.SUCCESS;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(holder)) {
        ps.setString(1, resourceId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? UnlockStatus.LOCK_BELONGS_TO_OTHERS : UnlockStatus.LOCK_DOES_NOT_EXIST;
        }
      }
    });
  }

  @Override
  public CompletionStage<Boolean> extend(String resourceId, String owner, Duration expiry) {
    String sql = "UPDATE " + table + " SET expires_at = clock_timestamp() + ? * INTERVAL '1 millisecond'"
        + " WHERE resource_id = ? AND owner = ? AND expires_at > clock_timestamp()";
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, Math.max(1, expiry.toMillis()));
        ps.setString(2, resourceId);
        ps.setString(3, owner);
        return ps.executeUpdate() == 1;
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
