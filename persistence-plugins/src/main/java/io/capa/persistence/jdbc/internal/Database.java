package io.capa.persistence.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.capa.persistence.jdbc.WriterStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.event.LoggingAdapter;

/**
 * INTERNAL API. Everything one connection block owns: the HikariCP pool, the blocking-read
 * executor, the callback executor and the batching writers (one per table).
 */
public final class Database implements AutoCloseable {

  /** A JDBC action that may throw SQLException. */
  @FunctionalInterface
  public interface SqlAction<R> {
    R apply(Connection c) throws SQLException;
  }

  private final String path;
  private final ConnectionSettings settings;
  private final HikariDataSource dataSource;
  private final ExecutorService reads;
  private final ExecutorService callbacks;
  private final ConcurrentMap<String, BatchWriter<?>> writers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, List<String>> pendingTables = new ConcurrentHashMap<>();
  private final LoggingAdapter log;

  public Database(String path, ConnectionSettings settings, LoggingAdapter log) {
    this.path = path;
    this.settings = settings;
    this.log = log;
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("capa-jdbc-" + path);
    hc.setJdbcUrl(settings.url());
    hc.setUsername(settings.user());
    hc.setPassword(settings.password());
    hc.setMaximumPoolSize(settings.maxPoolSize());
    hc.setMinimumIdle(settings.minIdle());
    hc.setConnectionTimeout(settings.connectionTimeout().toMillis());
    hc.setAutoCommit(true);
    // Start without the database: statements fail until it is up, and then just work.
    hc.setInitializationFailTimeout(-1);
    settings.dialect().tune(hc);
    this.dataSource = new HikariDataSource(hc);
    // Bounded: a flood of recoveries fails fast instead of queueing without limit.
    this.reads = new ThreadPoolExecutor(settings.readThreads(), settings.readThreads(), 60,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(settings.readQueueCapacity()),
        threads("capa-jdbc-read-"));
    // Holds at most one task per in-flight batch, which the write queues already bound.
    this.callbacks = Executors.newFixedThreadPool(settings.callbackThreads(),
        threads("capa-jdbc-callback-"));
  }

  public ConnectionSettings settings() {
    return settings;
  }

  public Dialect dialect() {
    return settings.dialect();
  }

  /**
   * Creates the table (and schema) when auto-create-tables is on. If the database cannot be
   * reached yet, the creation is retried before the next statement of this pool: a plugin can
   * start before its database and work once it is up.
   */
  public void ensureTable(String qualifiedTable, List<String> ddl) {
    if (!settings.autoCreateTables()) {
      return;
    }
    pendingTables.putIfAbsent(qualifiedTable, ddl);
    try (Connection c = dataSource.getConnection()) {
      createPendingTables(c);
    } catch (SQLException e) {
      log.warning("Cannot create table {} through {} yet, will retry on first use: {}",
          qualifiedTable, settings, e.getMessage());
    }
  }

  /** Runs the DDL still pending on an auto-commit connection; nothing once all tables exist. */
  void createPendingTables(Connection c) throws SQLException {
    if (pendingTables.isEmpty()) {
      return;
    }
    synchronized (pendingTables) {
      try (Statement st = c.createStatement()) {
        for (var it = pendingTables.entrySet().iterator(); it.hasNext(); ) {
          if (!settings.schema().isEmpty()) {
            st.execute(Schema.createSchema(settings.schema()));
          }
          for (String sql : it.next().getValue()) {
            st.execute(sql);
          }
          it.remove();
        }
      }
    }
  }

  /** Runs the action on the read executor with an auto-commit connection. */
  public <R> CompletableFuture<R> run(SqlAction<R> action) {
    return runOn(action, false);
  }

  /** Runs the action on the read executor inside one transaction. */
  public <R> CompletableFuture<R> transaction(SqlAction<R> action) {
    return runOn(action, true);
  }

  private <R> CompletableFuture<R> runOn(SqlAction<R> action, boolean transactional) {
    CompletableFuture<R> result = new CompletableFuture<>();
    try {
      reads.execute(() -> {
        try (Connection c = dataSource.getConnection()) {
          createPendingTables(c);
          if (transactional) {
            c.setAutoCommit(false);
            try {
              R r = action.apply(c);
              c.commit();
              result.complete(r);
            } catch (SQLException | RuntimeException e) {
              c.rollback();
              throw e;
            }
          } else {
            result.complete(action.apply(c));
          }
        } catch (SQLException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      result.completeExceptionally(new IllegalStateException(
          "The JDBC read queue of " + path + " is full or shut down", rejected));
    }
    return result;
  }

  /** The batching writer of one table, created on first use. */
  @SuppressWarnings("unchecked")
  public <T> BatchWriter<T> writer(String table, Function<Dialect, BatchWriter.Operation<T>> op) {
    return (BatchWriter<T>) writers.computeIfAbsent(table,
        t -> new BatchWriter<>(t, dataSource, this::createPendingTables, op.apply(dialect()),
            callbacks, settings));
  }

  /** The counters of a writer, empty when nothing was written through it yet. */
  public Optional<WriterStats> writerStats(String key) {
    return Optional.ofNullable(writers.get(key)).map(BatchWriter::stats);
  }

  @Override
  public void close() {
    writers.values().forEach(BatchWriter::close);
    reads.shutdown();
    callbacks.shutdown();
    dataSource.close();
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
