package io.capa.benchmarks.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import scala.concurrent.Await;

/**
 * The raw side must write what the plugin writes, or the ratio compares different work: same
 * table layout, same row contents, same key pattern.
 */
class JdbcStoreTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void rawRows_matchThePluginsRowsButForThePersistenceIdPrefix() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "jdbc-store-");
    String url = "jdbc:h2:file:" + dir.toAbsolutePath() + "/t;WRITE_DELAY=0;MAX_COMPACT_TIME=0";
    byte[] payload = new byte[100];
    Arrays.fill(payload, (byte) 7);
    String uuid = UUID.randomUUID().toString();
    try (JdbcStore store = new JdbcStore("h2", url, "sa", "", "bench_t")) {
      ActorSystem system = ActorSystem.create("jdbc-store-test", Settings.system(ConfigFactory.empty(), store));
      try {
        JournalWriters plugin = new JournalWriters(system, store.journalPluginId(), "w-", 3, payload, uuid);
        for (int writer : new int[] {0, 1, 2, 0}) {
          plugin.write(writer).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        int serializerId = SerializationExtension.get(system).findSerializerFor(payload).identifier();
        try (Store.RawJournal raw = store.openRaw(system, new Store.RawRows(3, payload, serializerId, uuid))) {
          Store.RawLoad load = raw.load(2);
          assertThat(load.eventsPerCall()).isEqualTo(2);
          assertThat(load.callers()).isEqualTo(system.settings().config().getInt("capa.persistence.jdbc.connection.batch.writer-threads"));
          load.call().apply(0).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          load.call().apply(1).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(store.batching(system)).hasValueSatisfying(b -> assertThat(b.rows()).isEqualTo(4));
      } finally {
        Await.result(system.terminate(), scala.concurrent.duration.Duration.create(20, "s"));
      }

      try (Connection c = DriverManager.getConnection(url, "sa", "")) {
        assertThat(columns(c, "BENCH_T_RAW")).isEqualTo(columns(c, "BENCH_T_JOURNAL")).isNotEmpty();
        assertThat(rows(c, "bench_t_raw", "raw-")).isEqualTo(rows(c, "bench_t_journal", "w-")).hasSize(4);
      }
    }
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      assertThat(columns(c, "BENCH_T_JOURNAL")).isEmpty();
      assertThat(columns(c, "BENCH_T_RAW")).isEmpty();
    }
  }

  private static List<String> columns(Connection c, String table) throws Exception {
    DatabaseMetaData md = c.getMetaData();
    List<String> out = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, null, table, null)) {
      while (rs.next()) {
        out.add(rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " " + rs.getString("IS_NULLABLE"));
      }
    }
    return out;
  }

  /** Every column but the write time, with the persistence id's prefix cut off. */
  private static List<String> rows(Connection c, String table, String idPrefix) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT persistence_id, sequence_number, deleted, writer_uuid, event_manifest, ser_id, ser_manifest, payload,"
                    + " meta_ser_id, meta_ser_manifest, meta_payload, tags FROM " + table + " ORDER BY persistence_id, sequence_number")) {
      while (rs.next()) {
        assertThat(rs.getString(1)).startsWith(idPrefix);
        StringBuilder row = new StringBuilder(rs.getString(1).substring(idPrefix.length()));
        for (int i = 2; i <= 12; i++) {
          Object v = rs.getObject(i);
          row.append('|').append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v).toLowerCase(Locale.ROOT));
        }
        out.add(row.toString());
      }
    }
    return out;
  }
}
