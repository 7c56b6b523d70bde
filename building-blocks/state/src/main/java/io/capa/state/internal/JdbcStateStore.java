package io.capa.state.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.Concurrency;
import io.capa.components.spi.ComponentHealth;
import io.capa.state.spi.StateStore;
import io.capa.state.spi.StoreDelete;
import io.capa.state.spi.StoreOperation;
import io.capa.state.spi.StoreWrite;
import io.capa.state.spi.StoredValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code state.postgresql}, {@code state.mysql} and {@code state.h2}: one table,
 * one row per key. ETags are the row's version counter; conditional writes are {@code UPDATE ...
 * WHERE version = ?}, first writes are plain inserts that a duplicate key refuses, and a
 * transaction is one database transaction. Expired rows are invisible to reads and conditions and
 * removed by a periodic sweep.
 *
 * <p>Health is probed every {@link #PROBE_INTERVAL}; while the database is unreachable calls fail
 * at once instead of waiting for a connection, and the pool reconnects by itself.
 */
final class JdbcStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcStateStore.class);
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
  private static final int BULK_CHUNK = 200;

  private final String name;
  private final String keyPrefix;
  private final SqlDialect dialect;
  private final String table;
  private final List<String> setupStatements;
  private final HikariDataSource pool;
  private final Executor executor;
  private final Optional<Duration> defaultTtl;
  private final int queryTimeoutSeconds;
  private final ScheduledFuture<?> probe;
  private final ScheduledFuture<?> sweep;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean up;
  private volatile boolean schemaReady;
  private volatile String downReason = "not connected yet";
  private volatile boolean closed;

  JdbcStateStore(String name, String keyPrefix, SqlDialect dialect, String table, List<String> setupStatements,
      HikariDataSource pool, Executor executor, ScheduledExecutorService scheduler, Optional<Duration> defaultTtl,
      Duration queryTimeout, Duration cleanupInterval) {
    this.name = name;
    this.keyPrefix = keyPrefix;
    this.dialect = dialect;
    this.table = table;
    this.setupStatements = List.copyOf(setupStatements);
    this.pool = pool;
    this.executor = executor;
    this.defaultTtl = defaultTtl;
    this.queryTimeoutSeconds = (int) Math.max(1, queryTimeout.toSeconds());
    this.probe = scheduler.scheduleWithFixedDelay(this::probeAsync, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    this.sweep = cleanupInterval.isZero() ? null
        : scheduler.scheduleWithFixedDelay(this::sweepAsync, cleanupInterval.toMillis(), cleanupInterval.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public Set<Feature> features() {
    return EnumSet.allOf(Feature.class);
  }

  @Override
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  public ComponentHealth health() {
    return up ? ComponentHealth.UP : ComponentHealth.down(downReason);
  }

  private void probeAsync() {
    if (closed || !probing.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(() -> {
        try (Connection c = pool.getConnection()) {
          if (!c.isValid(queryTimeoutSeconds)) {
            throw new SQLException("connection is not valid");
          }
          ensureSchema(c);
          if (!up) {
            log.info("State store '{}' is connected", name);
          }
          up = true;
        } catch (SQLException | RuntimeException e) {
          markDown(e);
        } finally {
          probing.set(false);
        }
      });
    } catch (RuntimeException e) {
      probing.set(false); // executor shut down
    }
  }

  private void markDown(Throwable e) {
    String reason = "cannot reach the database: " + StoreErrors.describe(e);
    if (up || !reason.equals(downReason)) {
      log.warn("State store '{}' is down: {}", name, reason);
    }
    downReason = reason;
    up = false;
  }

  private void ensureSchema(Connection c) throws SQLException {
    if (schemaReady) {
      return;
    }
    synchronized (this) {
      if (schemaReady) {
        return;
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        for (String sql : setupStatements) {
          s.execute(sql);
        }
        s.execute(dialect.createTable(table));
      } finally {
        c.setAutoCommit(auto);
      }
      schemaReady = true;
    }
  }

  private void sweepAsync() {
    if (!up || closed) {
      return;
    }
    run(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM " + table + " WHERE expiredate IS NOT NULL AND expiredate <= ?")) {
        ps.setLong(1, System.currentTimeMillis());
        int n = ps.executeUpdate();
        if (n > 0) {
          log.debug("State store '{}' removed {} expired rows", name, n);
        }
      }
      return null;
    }).exceptionally(e -> {
      log.warn("State store '{}': the expiry sweep failed: {}", name, StoreErrors.describe(e));
      return null;
    });
  }

  @FunctionalInterface
  private interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a pooled connection on the blocking executor, or fails at once when down. */
  private <T> CompletableFuture<T> run(Work<T> work) {
    if (!up) {
      probeAsync();
      return CompletableFuture.failedFuture(
          StoreErrors.failed(name, "is unavailable", new IllegalStateException(downReason)));
    }
    try {
      return CompletableFuture.supplyAsync(() -> {
        try (Connection c = pool.getConnection()) {
          ensureSchema(c);
          return work.apply(c);
        } catch (SQLException e) {
          throw translate(e);
        }
      }, executor);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(StoreErrors.failed(name, "cannot run the call", e));
    }
  }

  private RuntimeException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("22")) {
      // data exceptions: a key longer than the column, for instance
      return new CapaException(ErrorCode.INVALID_REQUEST,
          "state store '" + name + "' refused the data: " + StoreErrors.describe(e), e);
    }
    if (state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException) {
      markDown(e);
    }
    return StoreErrors.failed(name, "failed", e);
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(queryTimeoutSeconds);
    return ps;
  }

  @Override
  public CompletionStage<Optional<StoredValue>> get(String key) {
    return run(c -> {
      try (PreparedStatement ps = prepare(c, "SELECT data, version FROM " + table
          + " WHERE id = ? AND (expiredate IS NULL OR expiredate > ?)")) {
        ps.setString(1, key);
        ps.setLong(2, System.currentTimeMillis());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new StoredValue(key, rs.getBytes(1), Optional.of(Long.toString(rs.getLong(2)))))
              : Optional.<StoredValue>empty();
        }
      }
    });
  }

  @Override
  public CompletionStage<List<Optional<StoredValue>>> getBulk(List<String> keys) {
    return run(c -> {
      Map<String, StoredValue> found = new HashMap<>();
      long now = System.currentTimeMillis();
      List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
      for (int from = 0; from < distinct.size(); from += BULK_CHUNK) {
        List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + BULK_CHUNK));
        String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement ps = prepare(c, "SELECT id, data, version FROM " + table + " WHERE id IN (" + marks
            + ") AND (expiredate IS NULL OR expiredate > ?)")) {
          int i = 1;
          for (String k : chunk) {
            ps.setString(i++, k);
          }
          ps.setLong(i, now);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString(1);
              found.put(id, new StoredValue(id, rs.getBytes(2), Optional.of(Long.toString(rs.getLong(3)))));
            }
          }
        }
      }
      List<Optional<StoredValue>> out = new ArrayList<>(keys.size());
      for (String k : keys) {
        out.add(Optional.ofNullable(found.get(k)));
      }
      return out;
    });
  }

  @Override
  public CompletionStage<Void> save(List<StoreWrite> writes) {
    for (StoreWrite w : writes) {
      try {
        StoreErrors.version(w.etag());
      } catch (CapaException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return run(c -> {
      for (StoreWrite w : writes) {
        write(c, w);
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Void> delete(StoreDelete delete) {
    try {
      StoreErrors.version(delete.etag());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    return run(c -> {
      remove(c, delete);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> transact(List<StoreOperation> operations) {
    try {
      for (StoreOperation op : operations) {
        StoreErrors.version(op instanceof StoreWrite w ? w.etag() : ((StoreDelete) op).etag());
      }
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    return run(c -> {
      c.setAutoCommit(false);
      try {
        for (StoreOperation op : operations) {
          if (op instanceof StoreWrite w) {
            write(c, w);
          } else {
            remove(c, (StoreDelete) op);
          }
        }
        c.commit();
        return null;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }

  private void write(Connection c, StoreWrite w) throws SQLException {
    long now = System.currentTimeMillis();
    Optional<Duration> ttl = w.ttl().isPresent() ? w.ttl() : defaultTtl;
    Long expires = ttl.filter(d -> !d.isZero()).map(d -> now + d.toMillis()).orElse(null);
    Optional<Long> version = StoreErrors.version(w.etag());
    if (version.isPresent()) {
      try (PreparedStatement ps = prepare(c, "UPDATE " + table + " SET data = ?, version = version + 1,"
          + " expiredate = ? WHERE id = ? AND version = ? AND (expiredate IS NULL OR expiredate > ?)")) {
        ps.setBytes(1, w.value());
        setExpiry(ps, 2, expires);
        ps.setString(3, w.key());
        ps.setLong(4, version.get());
        ps.setLong(5, now);
        if (ps.executeUpdate() == 0) {
          throw StoreErrors.mismatch(w.key());
        }
      }
    } else if (w.concurrency() == Concurrency.FIRST_WRITE) {
      try (PreparedStatement ps = prepare(c, "DELETE FROM " + table
          + " WHERE id = ? AND expiredate IS NOT NULL AND expiredate <= ?")) {
        ps.setString(1, w.key());
        ps.setLong(2, now);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = prepare(c, "INSERT INTO " + table
          + " (id, data, version, expiredate) VALUES (?, ?, 1, ?)")) {
        ps.setString(1, w.key());
        ps.setBytes(2, w.value());
        setExpiry(ps, 3, expires);
        ps.executeUpdate();
      } catch (SQLException e) {
        if (duplicateKey(e)) {
          throw StoreErrors.mismatch(w.key());
        }
        throw e;
      }
    } else {
      try {
        upsert(c, w, expires);
      } catch (SQLException e) {
        // Two upserts creating the same key at once: the loser retries against the winner's row.
        if (!duplicateKey(e) || !c.getAutoCommit()) {
          throw e;
        }
        upsert(c, w, expires);
      }
    }
  }

  private void upsert(Connection c, StoreWrite w, Long expires) throws SQLException {
    try (PreparedStatement ps = prepare(c, dialect.upsert(table))) {
      ps.setString(1, w.key());
      ps.setBytes(2, w.value());
      setExpiry(ps, 3, expires);
      ps.executeUpdate();
    }
  }

  private void remove(Connection c, StoreDelete d) throws SQLException {
    Optional<Long> version = StoreErrors.version(d.etag());
    if (version.isPresent()) {
      try (PreparedStatement ps = prepare(c, "DELETE FROM " + table
          + " WHERE id = ? AND version = ? AND (expiredate IS NULL OR expiredate > ?)")) {
        ps.setString(1, d.key());
        ps.setLong(2, version.get());
        ps.setLong(3, System.currentTimeMillis());
        if (ps.executeUpdate() == 0) {
          throw StoreErrors.mismatch(d.key());
        }
      }
    } else {
      try (PreparedStatement ps = prepare(c, "DELETE FROM " + table + " WHERE id = ?")) {
        ps.setString(1, d.key());
        ps.executeUpdate();
      }
    }
  }

  private static void setExpiry(PreparedStatement ps, int index, Long expires) throws SQLException {
    if (expires == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, expires);
    }
  }

  private static boolean duplicateKey(SQLException e) {
    return e instanceof java.sql.SQLIntegrityConstraintViolationException
        || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
  }

  /** For tests: the table this store writes to. */
  String table() {
    return table;
  }

  @Override
  public void close() {
    closed = true;
    probe.cancel(false);
    if (sweep != null) {
      sweep.cancel(false);
    }
    pool.close();
  }
}
