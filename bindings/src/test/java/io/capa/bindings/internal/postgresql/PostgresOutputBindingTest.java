package io.capa.bindings.internal.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bindings.postgresql} against the shared PostgreSQL (database test), in a table of its own. */
class PostgresOutputBindingTest extends OutputBindingConformance {
  private static final String TABLE = "capa_binding_" + UUID.randomUUID().toString().replace("-", "");
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  @BeforeAll
  static void createTable() throws Exception {
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, name TEXT, score NUMERIC)");
    }
  }

  @AfterAll
  static void dropTable() throws Exception {
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
    }
  }

  @Override
  protected OutputBinding createBinding() {
    return create("host=127.0.0.1 port=5432 user=postgres database=test connect_timeout=5");
  }

  private static OutputBinding create(String connectionString) {
    return (OutputBinding) new PostgresBindingFactory().create(TestConfigs.config(NAME, "bindings.postgresql",
        Map.of("connectionString", connectionString)), TestConfigs.context());
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "exec", new byte[0], Map.of(
        "sql", "INSERT INTO " + TABLE + " (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = $2",
        "params", "[" + n + ", \"name-" + n + "\"]"));
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) throws Exception {
    assertThat(response.metadata()).containsEntry("rows-affected", "1");
    long id = Long.parseLong(sent.metadata().get("params").replaceAll("\\[(\\d+),.*", "$1"));
    try (Connection c = DriverManager.getConnection(URL, "postgres", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT name FROM " + TABLE + " WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("name-" + id);
    }
  }

  private BindingResponse call(String op, Map<String, String> md) {
    return service.invoke(new BindingRequest(NAME, op, new byte[0], md)).toCompletableFuture().join();
  }

  private CapaException failure(String op, Map<String, String> md) {
    try {
      call(op, md);
    } catch (CompletionException e) {
      return (CapaException) e.getCause();
    }
    throw new AssertionError("succeeded");
  }

  @Test
  void query_withParams_answersRowsAsArrays() {
    call("exec", Map.of("sql", "INSERT INTO " + TABLE + " VALUES ($1, $2, $3)", "params", "[1001, \"ann\", 2.5]"));
    call("exec", Map.of("sql", "INSERT INTO " + TABLE + " VALUES ($1, $2, $3)", "params", "[1002, null, 7]"));
    BindingResponse r = call("query", Map.of("sql", "SELECT id, name, score FROM " + TABLE
        + " WHERE id >= $1 ORDER BY id", "params", "[1001]"));
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("[[1001,\"ann\",2.5],[1002,null,7]]");
    assertThat(r.metadata()).containsKeys("start-time", "end-time", "duration");
  }

  @Test
  void garbage_sqlParamsAndConnectionString_areRefusedNamingThem() {
    assertThat(failure("query", Map.of()).getMessage()).contains("sql");
    CapaException params = failure("exec", Map.of("sql", "SELECT 1", "params", "[1,"));
    assertThat(params.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(params.getMessage()).contains("params");
    assertThat(failure("exec", Map.of("sql", "SELECT 1", "params", "{\"a\":1}")).getMessage()).contains("JSON array");
    assertThat(failure("query", Map.of("sql", "SELECT $2", "params", "[1]")).getMessage()).contains("$2");
    CapaException bad = failure("exec", Map.of("sql", "INSERT INTO no_such_table_" + UUID.randomUUID().toString()
        .replace("-", "") + " VALUES (1)"));
    assertThat(bad.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(bad.getMessage()).contains("no_such_table");
    // Still serving.
    assertThat(call("query", Map.of("sql", "SELECT 1")).data()).isNotEmpty();
    assertThatThrownBy(() -> create("host")).hasMessageContaining("connectionString");
  }

  @Test
  void connectionString_urlForm_isAccepted() throws Exception {
    OutputBinding url = create("postgres://postgres@127.0.0.1:5432/test?sslmode=disable");
    try {
      assertThat(new String(url.invoke(new BindingRequest(NAME, "query", new byte[0], Map.of("sql", "SELECT 42")))
          .toCompletableFuture().get().data(), StandardCharsets.UTF_8)).isEqualTo("[[42]]");
    } finally {
      url.close();
    }
  }

  @Test
  void placeholders_insideQuotesAndRepeated_areHandled() {
    BindingResponse r = call("query", Map.of("sql", "SELECT '$1' AS lit, $1::text AS a, $1::text AS b, $$x$1$$ AS d",
        "params", "[\"p\"]"));
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("[[\"$1\",\"p\",\"p\",\"x$1\"]]");
  }

  @Test
  void close_thenExec_failsWithTheReason() {
    call("close", Map.of());
    assertThat(failure("exec", Map.of("sql", "SELECT 1")).getMessage()).contains("closed");
  }
}
