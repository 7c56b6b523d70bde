package io.capa.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** With connection.schema set, the tables are created and used in that schema. */
class SchemaTest {
  private static final String SCHEMA = "capa_schema_test";

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void autoCreate_withSchema_createsAndUsesTablesThere(TestBackend backend) throws Throwable {
    String prefix = "sc_" + backend.name().toLowerCase(Locale.ROOT);
    Config base = backend.freshConfig(prefix);
    try (Connection c = backend.connect(prefix); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
      st.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + prefix + "_journal");
    }
    ActorSystem system = ActorSystem.create("schema-test", ConfigFactory.parseString(
        "capa.persistence.jdbc.connection.schema = " + SCHEMA).withFallback(base));
    try {
      JournalHarness journal = new JournalHarness(system, JdbcPersistence.JOURNAL_PLUGIN_ID);
      String id = "schema-" + UUID.randomUUID();
      journal.write(id, 1, 2);
      assertThat(journal.replaySeqs(id)).containsExactly(1L, 2L);
      try (Connection c = backend.connect(prefix); PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM " + SCHEMA + "." + prefix + "_journal"
              + " WHERE persistence_id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(2);
        }
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
