package io.capa.sequencer.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.sequencer.spi.SequenceStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * INTERNAL API. {@code sequencer.embedded}: ids from memory, backed by an H2 file under the
 * component's data directory.
 *
 * <p>Ids are handed out from a reserved block per key; only reserving the next block writes to the
 * file. The file records the end of the reserved block before any id of it is handed out, so after a
 * restart (or a crash) ids continue above everything handed out before; the unused rest of a block
 * is skipped.
 */
final class EmbeddedSequenceStore implements SequenceStore {
  private static final class Range {
    long next;
    long limit;
  }

  private final Connection db;
  private final Executor executor;
  private final long block;
  private final Map<String, Range> ranges = new HashMap<>();

  EmbeddedSequenceStore(Path file, long block, Executor executor) throws SQLException {
    this.executor = executor;
    this.block = block;
    this.db = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS sequences (seq_key VARCHAR PRIMARY KEY, reserved BIGINT NOT NULL)");
    }
  }

  @Override
  public CompletionStage<Long> nextId(String key) {
    synchronized (this) {
      Range r = ranges.get(key);
      if (r != null && r.next <= r.limit) {
        return CompletableFuture.completedFuture(r.next++);
      }
    }
    // reserving reads and writes the file: off the caller's thread
    return CompletableFuture.supplyAsync(() -> reserveAndTake(key), executor);
  }

  private synchronized long reserveAndTake(String key) {
    Range r = ranges.computeIfAbsent(key, k -> new Range());
    if (r.next > r.limit || r.limit == 0) {
      try {
        long reserved = reserved(key);
        long limit = reserved + block;
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO sequences (seq_key, reserved) KEY (seq_key) VALUES (?, ?)")) {
          ps.setString(1, key);
          ps.setLong(2, limit);
          ps.executeUpdate();
        }
        r.next = reserved + 1;
        r.limit = limit;
      } catch (SQLException e) {
        throw new CapaException(ErrorCode.COMPONENT_FAILED, "sequencer file failed: " + e.getMessage(), e);
      }
    }
    return r.next++;
  }

  private long reserved(String key) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT reserved FROM sequences WHERE seq_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing only releases the file; nothing handed out depends on it
    }
  }
}
