package io.capa.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.state.api.ComponentStateService;
import io.capa.state.spi.StateStore;
import io.capa.components.testkit.MapComponents;
import io.capa.state.testkit.TestComponents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where the SQL stores put their table: MariaDB's schemaName and PostgreSQL's schema.table. */
class SqlSchemaTest {
  private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

  private static void saveAndRead(StateStore store) throws Exception {
    assertThat(TestComponents.awaitUp(store, Duration.ofSeconds(30))).as("%s", store.health()).isTrue();
    ComponentStateService state = new ComponentStateService(new MapComponents().put("s", store), "app", Runnable::run);
    state.save("s", SaveRequest.of("k", VALUE)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(state.get("s", "k").toCompletableFuture().get(30, TimeUnit.SECONDS).map(StateItem::value)).hasValue(VALUE);
  }

  private static long rows(String url, String user, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void mariadb_schemaName_isCreatedAndHoldsTheTable() throws Exception {
    String schema = SqlTables.unique("schema");
    try (TestComponents components = new TestComponents("app")) {
      StateStore store = (StateStore) components.create("s", "state.mysql",
          Map.of("connectionString", "root:@tcp(127.0.0.1:3306)/test", "schemaName", schema, "tableName", "kv"));
      try {
        saveAndRead(store);
        assertThat(rows(SqlTables.MARIADB_URL, "root", schema + ".kv")).isEqualTo(1);
      } finally {
        store.close();
        try (Connection c = DriverManager.getConnection(SqlTables.MARIADB_URL, "root", ""); Statement s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + schema);
        }
      }
    }
  }

  @Test
  void postgres_schemaQualifiedTableName_createsTheSchema() throws Exception {
    String schema = SqlTables.unique("schema");
    try (TestComponents components = new TestComponents("app")) {
      StateStore store = (StateStore) components.create("s", "state.postgresql",
          Map.of("connectionString", "postgres://postgres@127.0.0.1:5432/test", "tableName", schema + ".kv"));
      try {
        saveAndRead(store);
        assertThat(rows(SqlTables.POSTGRES_URL, "postgres", schema + ".kv")).isEqualTo(1);
      } finally {
        store.close();
        try (Connection c = DriverManager.getConnection(SqlTables.POSTGRES_URL, "postgres", ""); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }
}
