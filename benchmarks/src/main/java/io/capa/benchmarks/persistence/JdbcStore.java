package io.capa.benchmarks.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.capa.persistence.jdbc.JdbcPersistence;
import io.capa.persistence.jdbc.internal.Dialect;
import io.capa.persistence.jdbc.internal.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;

/**
 * The JDBC plugin on one database, with tables of the run's own ({@code <tag>_journal}, {@code
 * <tag>_snapshot}, and {@code <tag>_raw} for the raw driver), dropped at the end.
 */
final class JdbcStore implements Store {
  private static final String CONNECTION = "capa.persistence.jdbc.connection";

  private final String dialect;
  private final String url;
  private final String user;
  private final String password;
  private final String journalTable;
  private final String snapshotTable;
  private final String rawTable;

  JdbcStore(String dialect, String url, String user, String password, String tag) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
    this.journalTable = tag + "_journal";
    this.snapshotTable = tag + "_snapshot";
    this.rawTable = tag + "_raw";
  }

  @Override
  public String describe() {
    return "capa JDBC plugin, dialect " + dialect + ", " + url + ", tables " + journalTable + ", " + snapshotTable + ", " + rawTable;
  }

  @Override
  public Config pluginConfig() {
    return ConfigFactory.parseMap(
        Map.of(
            "pekko.persistence.journal.plugin", JdbcPersistence.JOURNAL_PLUGIN_ID,
            "pekko.persistence.snapshot-store.plugin", JdbcPersistence.SNAPSHOT_PLUGIN_ID,
            CONNECTION + ".url", url,
            CONNECTION + ".user", user,
            CONNECTION + ".password", password,
            CONNECTION + ".dialect", dialect,
            "capa.persistence.jdbc.journal.table", journalTable,
            "capa.persistence.jdbc.snapshot.table", snapshotTable),
        "benchmark backend " + dialect);
  }

  @Override
  public String journalPluginId() {
    return JdbcPersistence.JOURNAL_PLUGIN_ID;
  }

  @Override
  public String snapshotPluginId() {
    return JdbcPersistence.SNAPSHOT_PLUGIN_ID;
  }

  @Override
  public Optional<Batching> batching(ActorSystem system) {
    return JdbcPersistence.journalWriterStats(system, journalPluginId())
        .map(s -> new Batching(s.transactions(), s.rows()));
  }

  /**
   * As many connections as the plugin has writer threads (each holds one connection while it
   * writes), each inserting batches into a table created with the plugin's own DDL.
   */
  @Override
  public RawJournal openRaw(ActorSystem system, RawRows rows) {
    int connections = system.settings().config().getInt(CONNECTION + ".batch.writer-threads");
    return new Raw(connections, rows);
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    if (dialect.equals("postgres")) {
      // What the plugin's pool sets: a batch of INSERTs becomes multi-row INSERTs.
      p.setProperty("reWriteBatchedInserts", "true");
    }
    return DriverManager.getConnection(url, p);
  }

  @Override
  public void close() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String t : List.of(journalTable, snapshotTable, rawTable)) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
    } catch (SQLException e) {
      System.err.println("could not drop the tables of " + journalTable + ": " + e.getMessage());
    }
  }

  /** Plain JDBC: PreparedStatement, addBatch, executeBatch, commit; one connection per caller. */
  private final class Raw implements RawJournal {
    private final String sql =
        "INSERT INTO "
            + rawTable
            + " (persistence_id, sequence_number, deleted, writer_uuid, write_timestamp, event_manifest,"
            + " ser_id, ser_manifest, payload, meta_ser_id, meta_ser_manifest, meta_payload, tags)"
            + " VALUES (?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService threads;
    private final RawRows rows;
    private final String[] ids;
    // Row k is event k / ids + 1 of persistence id k % ids: every round continues where the
    // previous stopped, so keys never collide and the index grows at as many places as the
    // plugin's does.
    private final AtomicLong next = new AtomicLong();

    Raw(int connections, RawRows rows) {
      this.rows = rows;
      this.ids = new String[rows.persistenceIds()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = "raw-" + i;
      }
      AtomicInteger n = new AtomicInteger();
      this.threads =
          Executors.newFixedThreadPool(
              connections,
              r -> {
                Thread t = new Thread(r, "raw-jdbc-" + n.getAndIncrement());
                t.setDaemon(true);
                return t;
              });
      try {
        for (int i = 0; i < connections; i++) {
          Connection c = connect();
          this.connections.add(c);
          if (i == 0) {
            try (Statement s = c.createStatement()) {
              for (String ddl : Schema.journal(Dialect.resolve(dialect, url), rawTable)) {
                s.execute(ddl);
              }
            }
          }
          c.setAutoCommit(false);
        }
      } catch (SQLException e) {
        close();
        throw new IllegalStateException("raw JDBC client cannot start on " + url + ": " + e.getMessage(), e);
      }
    }

    @Override
    public RawLoad load(int batch) {
      if (batch < 1) {
        throw new IllegalArgumentException("raw batch must be >= 1 row, got " + batch);
      }
      return new RawLoad(
          "JDBC addBatch/executeBatch, " + batch + " rows per transaction, " + connections.size() + " connections",
          connections.size(),
          batch,
          c -> CompletableFuture.runAsync(() -> insert(connections.get(c), batch), threads));
    }

    private void insert(Connection c, int batch) {
      long first = next.getAndAdd(batch);
      long now = System.currentTimeMillis();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (long k = first; k < first + batch; k++) {
          ps.setString(1, ids[(int) (k % ids.length)]);
          ps.setLong(2, k / ids.length + 1);
          ps.setString(3, rows.writerUuid());
          ps.setLong(4, now);
          ps.setString(5, "");
          ps.setInt(6, rows.serializerId());
          ps.setString(7, "");
          ps.setBytes(8, rows.payload());
          ps.setNull(9, Types.INTEGER);
          ps.setNull(10, Types.VARCHAR);
          ps.setNull(11, Types.VARBINARY);
          ps.setNull(12, Types.VARCHAR);
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the insert's failure is the one worth reporting
        }
        throw new CompletionException(e);
      }
    }

    @Override
    public void close() {
      threads.shutdown();
      try {
        threads.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Connection c : connections) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing at the end of the run; nothing to do about it
        }
      }
    }
  }
}
