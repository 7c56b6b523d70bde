package io.capa.configuration.internal;

import io.capa.configuration.spi.ConfigurationStore;
import io.capa.configuration.testkit.ConfigurationConformance;
import io.capa.configuration.testkit.TestComponents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The conformance suite against the PostgreSQL on 127.0.0.1:5432, in a table of its own. Rows are
 * written before the store first starts, so the first test's table is created here, as a user would.
 */
class PostgresConfigurationStoreTest extends ConfigurationConformance {
  private static final TestComponents ENV = new TestComponents();
  private static final String TABLE = "capa_cfg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private static Connection direct() throws Exception {
    Connection c = DriverManager.getConnection(URL, "postgres", "");
    try (var st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + TABLE
          + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, version TEXT NOT NULL, metadata JSON)");
    }
    return c;
  }

  @Override
  protected ConfigurationStore newStore() {
    return (ConfigurationStore) new ConfigurationStoreFactory().create(
        TestComponents.config("pg", ConfigurationStoreFactory.POSTGRESQL, Map.of(
            "connectionString", "host=127.0.0.1 user=postgres dbname=test", "table", TABLE)),
        ENV.context(Path.of(".")));
  }

  @Override
  protected void put(String key, String value) throws Exception {
    try (Connection c = direct(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
        + " (key, value, version) VALUES (?, ?, '1') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  @Override
  protected void remove(String key) throws Exception {
    try (Connection c = direct(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE key = ?")) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
  }

  @org.junit.jupiter.api.Test
  void watch_valueLargerThanANotification_isSeenWhole() throws Exception {
    String big = "x".repeat(20_000);
    java.util.List<io.capa.configuration.spi.ConfigurationChange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (AutoCloseable w = store.watch(java.util.List.of(a), seen::add)) {
      put(a, big);
      awaitTrue(() -> seen.stream().anyMatch(c -> c.changed().containsKey(a) && c.changed().get(a).value().equals(big)),
          "large value seen");
    }
  }

  @AfterAll
  static void dropTable() throws Exception {
    ENV.close();
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); var st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute("DROP FUNCTION IF EXISTS " + TABLE + "_notify()");
    }
  }
}
