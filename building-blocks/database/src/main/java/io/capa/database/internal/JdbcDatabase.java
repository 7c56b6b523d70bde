package io.capa.database.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.ExecResult;
import io.capa.api.database.Isolation;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import io.capa.components.spi.ComponentHealth;
import io.capa.database.spi.SqlDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * INTERNAL API. A database reached through JDBC and a HikariCP pool; every JDBC call runs on the
 * blocking executor. Transactions hold a connection of their own until they end; a sweeper on the
 * context's scheduler rolls back those idle past their timeout.
 */
final class JdbcDatabase implements SqlDatabase {
  private final String name;
  private final HikariDataSource pool;
  private final Executor blocking;
  private final Duration defaultIdleTimeout;
  private final boolean nativeUuid;
  private final Map<String, JdbcTransaction> open = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> sweeper;
  private volatile String downReason;

  JdbcDatabase(String name, HikariDataSource pool, Executor blocking, ScheduledExecutorService scheduler,
      Duration defaultIdleTimeout, Duration sweepEvery, boolean nativeUuid) {
    this.name = name;
    this.pool = pool;
    this.blocking = blocking;
    this.defaultIdleTimeout = defaultIdleTimeout;
    this.nativeUuid = nativeUuid;
    long every = Math.max(10, sweepEvery.toMillis());
    this.sweeper = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<QueryResult> query(SqlStatement statement) {
    return withConnection(c -> query(c, statement));
  }

  @Override
  public CompletionStage<ExecResult> exec(SqlStatement statement) {
    return withConnection(c -> exec(c, statement));
  }

  @Override
  public CompletionStage<DatabaseTransaction> begin(TransactionOptions options) {
    Duration idle = options.idleTimeout().orElse(defaultIdleTimeout);
    return CompletableFuture.supplyAsync(
        () -> {
          Connection c = null;
          try {
            c = pool.getConnection();
            if (options.isolation() != Isolation.DEFAULT) {
              c.setTransactionIsolation(level(options.isolation()));
            }
            c.setReadOnly(options.readOnly());
            c.setAutoCommit(false);
            up();
            JdbcTransaction tx = new JdbcTransaction(UUID.randomUUID().toString(), c, idle, this, blocking);
            open.put(tx.id(), tx);
            return (DatabaseTransaction) tx;
          } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw failure(e);
          }
        },
        blocking);
  }

  @Override
  public int openTransactions() {
    return open.size();
  }

  void ended(JdbcTransaction tx) {
    open.remove(tx.id(), tx);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (JdbcTransaction tx : open.values()) {
      if (tx.idleSince(now)) {
        // The rollback itself is JDBC: never on the scheduler's thread.
        blocking.execute(tx::expire);
      }
    }
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> CompletionStage<T> withConnection(Work<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = pool.getConnection()) {
            T result = work.run(c);
            up();
            return result;
          } catch (SQLException | RuntimeException e) {
            throw failure(e);
          }
        },
        blocking);
  }

  QueryResult query(Connection c, SqlStatement statement) throws SQLException {
    try (PreparedStatement ps = prepare(c, statement); ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      List<String> columns = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(SqlValues.read(rs, md, i));
        }
        rows.add(row);
      }
      return new QueryResult(columns, rows);
    }
  }

  ExecResult exec(Connection c, SqlStatement statement) throws SQLException {
    try (PreparedStatement ps = prepare(c, statement)) {
      long n = ps.executeLargeUpdate();
      return new ExecResult(Math.max(0, n));
    }
  }

  private PreparedStatement prepare(Connection c, SqlStatement statement) throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement.sql());
    try {
      List<Object> params = statement.parameters();
      for (int i = 0; i < params.size(); i++) {
        SqlValues.bind(ps, i + 1, params.get(i), nativeUuid);
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private void up() {
    downReason = null;
  }

  /** A JDBC failure as the API reports it: the database's own message, never the raw exception. */
  CapaException failure(Throwable e) {
    if (e instanceof CapaException c) {
      return c;
    }
    if (e instanceof SQLException s && isConnectionProblem(s)) {
      downReason = String.valueOf(s.getMessage());
      return new CapaException(ErrorCode.COMPONENT_FAILED, "database " + name + " is unreachable: " + s.getMessage(), s);
    }
    if (e instanceof SQLException s) {
      String state = s.getSQLState() == null ? "" : " (SQLSTATE " + s.getSQLState() + ")";
      return new CapaException(ErrorCode.INVALID_REQUEST, "database " + name + ": " + s.getMessage() + state, s);
    }
    return new CapaException(ErrorCode.COMPONENT_FAILED, "database " + name + ": " + e, e);
  }

  private static boolean isConnectionProblem(SQLException s) {
    String state = s.getSQLState();
    return s instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"));
  }

  private static int level(Isolation isolation) {
    switch (isolation) {
      case READ_COMMITTED:
        return Connection.TRANSACTION_READ_COMMITTED;
      case REPEATABLE_READ:
        return Connection.TRANSACTION_REPEATABLE_READ;
      case SERIALIZABLE:
        return Connection.TRANSACTION_SERIALIZABLE;
      default:
        throw new IllegalArgumentException("no JDBC level for " + isolation);
    }
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Hikari evicts a connection that fails to close.
      }
    }
  }

  @Override
  public ComponentHealth health() {
    String reason = downReason;
    return reason == null ? ComponentHealth.UP : ComponentHealth.down(reason);
  }

  @Override
  public void close() {
    sweeper.cancel(false);
    for (JdbcTransaction tx : open.values()) {
      tx.expire();
    }
    pool.close();
  }
}
