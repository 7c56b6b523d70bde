package io.capa.database.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.Isolation;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SqlDatabase} must do, against a real server. A backend's test extends this
 * class, creates the component (with {@code maxConnections} 4) and names its column types; each
 * test uses tables of its own, dropped afterwards.
 */
public abstract class DatabaseConformance {
  protected static final int TIMEOUT_SECONDS = 30;
  protected SqlDatabase db;
  protected String table;

  /** The database under test, with a pool of 4 connections. */
  protected abstract SqlDatabase newDatabase() throws Exception;

  /** Releases what {@link #newDatabase} set up, after the database is closed. */
  protected void release() throws Exception {}

  protected abstract String bytesType();

  protected abstract String timestampType();

  protected String textType() {
    return "TEXT";
  }

  @BeforeEach
  void open() throws Exception {
    db = newDatabase();
    table = "capa_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exec("CREATE TABLE " + table + " (id INT PRIMARY KEY, i INT, b BIGINT, d DECIMAL(12,3), t " + textType()
        + ", y " + bytesType() + ", f BOOLEAN, ts " + timestampType() + ", n INT)");
  }

  @AfterEach
  void drop() throws Exception {
    try {
      exec("DROP TABLE " + table);
    } finally {
      db.close();
      release();
    }
  }

  protected static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  protected static ErrorCode codeOf(Throwable t) {
    Throwable c = t;
    while (c != null && !(c instanceof CapaException)) {
      c = c.getCause();
    }
    return c == null ? null : ((CapaException) c).errorCode();
  }

  protected long exec(String sql, Object... params) throws Exception {
    return join(db.exec(SqlStatement.of(sql, params))).rowsAffected();
  }

  protected List<List<Object>> rows(String sql, Object... params) throws Exception {
    return join(db.query(SqlStatement.of(sql, params))).rows();
  }

  private void insert(int id, String text) throws Exception {
    exec("INSERT INTO " + table + " (id, t) VALUES (?, ?)", id, text);
  }

  @Test
  void query_everyType_roundTripsAsJdkValues() throws Exception {
    LocalDateTime ts = LocalDateTime.of(2026, 3, 14, 15, 9, 26, 535_000_000);
    byte[] bytes = {0, 1, (byte) 0xff, 42};
    exec("INSERT INTO " + table + " (id, i, b, d, t, y, f, ts, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        1, 2_000_000_000, 9_000_000_000_000L, new BigDecimal("12345.678"), "naïve text ✓", bytes, true, ts, null);

    QueryResult r = join(db.query(SqlStatement.of("SELECT id, i, b, d, t, y, f, ts, n FROM " + table + " WHERE id = ?", 1)));

    assertThat(r.columns()).extracting(c -> c.toLowerCase()).containsExactly("id", "i", "b", "d", "t", "y", "f", "ts", "n");
    List<Object> row = r.rows().get(0);
    assertThat(row.get(0)).isEqualTo(1);
    assertThat(row.get(1)).isEqualTo(2_000_000_000);
    assertThat(row.get(2)).isEqualTo(9_000_000_000_000L);
    assertThat((BigDecimal) row.get(3)).isEqualByComparingTo("12345.678");
    assertThat(row.get(4)).isEqualTo("naïve text ✓");
    assertThat((byte[]) row.get(5)).containsExactly(bytes);
    assertThat(row.get(6)).isEqualTo(true);
    assertThat(row.get(7)).isEqualTo(ts);
    assertThat(row.get(8)).isNull();
  }

  @Test
  void query_injectionAttemptInAParameter_staysAValue() throws Exception {
    String evil = "x'); DROP TABLE " + table + "; --";
    insert(1, evil);

    assertThat(rows("SELECT id FROM " + table + " WHERE t = ?", evil)).containsExactly(List.of(1));
    assertThat(rows("SELECT COUNT(*) FROM " + table + " WHERE t = ?", "' OR '1'='1").get(0).get(0))
        .isIn(0, 0L, BigDecimal.ZERO);
  }

  @Test
  void exec_reportsRowsAffected() throws Exception {
    insert(1, "a");
    insert(2, "a");
    insert(3, "b");

    assertThat(exec("UPDATE " + table + " SET i = 7 WHERE t = ?", "a")).isEqualTo(2);
    assertThat(exec("DELETE FROM " + table + " WHERE id = ?", 99)).isZero();
  }

  @Test
  void transaction_commit_makesWritesVisible_andEndsTheHandle() throws Exception {
    DatabaseTransaction tx = join(db.begin(TransactionOptions.DEFAULT));
    join(tx.exec(SqlStatement.of("INSERT INTO " + table + " (id, t) VALUES (?, ?)", 1, "in tx")));

    assertThat(join(tx.query(SqlStatement.of("SELECT t FROM " + table)))).extracting(QueryResult::rows)
        .isEqualTo(List.of(List.of("in tx")));
    assertThat(rows("SELECT t FROM " + table)).as("not visible outside before commit").isEmpty();
    join(tx.commit());

    assertThat(rows("SELECT t FROM " + table)).containsExactly(List.of("in tx"));
    assertThatThrownBy(() -> join(tx.exec(SqlStatement.of("SELECT 1"))))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.TRANSACTION_NOT_FOUND));
    assertThatThrownBy(() -> join(tx.commit()))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.TRANSACTION_NOT_FOUND));
    join(tx.rollback()); // after the end: no effect, no error
    assertThat(db.openTransactions()).isZero();
  }

  @Test
  void transaction_rollback_leavesNothing() throws Exception {
    insert(1, "before");
    DatabaseTransaction tx = join(db.begin(TransactionOptions.DEFAULT));
    join(tx.exec(SqlStatement.of("UPDATE " + table + " SET t = ? WHERE id = ?", "changed", 1)));
    join(tx.exec(SqlStatement.of("INSERT INTO " + table + " (id, t) VALUES (?, ?)", 2, "new")));
    join(tx.rollback());

    assertThat(rows("SELECT id, t FROM " + table)).containsExactly(Arrays.asList(1, "before"));
  }

  @Test
  void transaction_abandoned_expiresAndReleasesItsLocks() throws Exception {
    insert(1, "before");
    DatabaseTransaction tx = join(db.begin(new TransactionOptions(Isolation.DEFAULT, false, Optional.of(Duration.ofMillis(600)))));
    join(tx.exec(SqlStatement.of("UPDATE " + table + " SET t = ? WHERE id = ?", "abandoned", 1)));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (db.openTransactions() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(db.openTransactions()).isZero();
    assertThatThrownBy(() -> join(tx.exec(SqlStatement.of("SELECT 1"))))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.TRANSACTION_NOT_FOUND))
        .hasMessageContaining("expired");
    // The row lock is gone: an update outside succeeds, and the abandoned change never happened.
    assertThat(rows("SELECT t FROM " + table + " WHERE id = 1")).containsExactly(List.of("before"));
    assertThat(exec("UPDATE " + table + " SET t = ? WHERE id = ?", "after", 1)).isEqualTo(1);
  }

  @Test
  void begin_everyIsolationLevelAndReadOnly_isAccepted() throws Exception {
    insert(1, "x");
    for (Isolation isolation : Isolation.values()) {
      for (boolean readOnly : new boolean[] {false, true}) {
        DatabaseTransaction tx = join(db.begin(new TransactionOptions(isolation, readOnly, Optional.empty())));
        assertThat(join(tx.query(SqlStatement.of("SELECT t FROM " + table))).rows()).as(isolation + " " + readOnly)
            .containsExactly(List.of("x"));
        join(tx.commit());
      }
    }
    assertThat(db.openTransactions()).isZero();
  }

  @Test
  void sqlErrors_areInvalidRequestWithTheDatabasesMessage_andThePoolKeepsServing() throws Exception {
    for (int i = 0; i < 6; i++) { // more than the pool's 4 connections: none may leak
      assertThatThrownBy(() -> join(db.query(SqlStatement.of("SELEKT nonsense FROM nowhere"))))
          .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST))
          .hasMessageContaining("SQLSTATE");
      assertThatThrownBy(() -> join(db.exec(SqlStatement.of("INSERT INTO " + table + " (id) VALUES (?)", "not a number"))))
          .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
      DatabaseTransaction tx = join(db.begin(TransactionOptions.DEFAULT));
      assertThatThrownBy(() -> join(tx.exec(SqlStatement.of("INSERT INTO no_such_table_here VALUES (1)"))))
          .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
      join(tx.rollback());
    }

    insert(1, "still serving");
    assertThat(rows("SELECT t FROM " + table)).containsExactly(List.of("still serving"));
    assertThat(db.openTransactions()).isZero();
  }

  @Test
  void exec_duplicateKey_isRefusedWithTheDatabasesMessage() throws Exception {
    insert(1, "a");

    assertThatThrownBy(() -> insert(1, "b"))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageContaining("SQLSTATE 23");
  }
}
