package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.code;
import static io.capa.sidecar.TestNode.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.database.Isolation;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.memory.MemoryDatabase;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import io.capa.sidecar.protocol.internal.DatabaseConvert;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database block over RPC against an in-memory database: values, errors, and the Transaction capability. */
class DatabaseRpcTest {
  static TestNode node;
  static MemoryDatabase db = new MemoryDatabase();
  static SidecarEndpoint endpoint;
  static TestNode.Conn conn;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    endpoint = node.endpoint(Map.of(), BlockServices.NONE.withDatabase(db));
    conn = node.connect(endpoint);
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  static CompletionStage<QueryResult> query(Runtime.Client rt, String database, SqlStatement s) {
    return rt.query(p -> {
      p.setDatabase(database);
      DatabaseConvert.statement(s, p.initStatement());
    }).response().thenApply(r -> DatabaseConvert.result(r.getResult()));
  }

  @Test
  void query_everyValueType_roundTrips() throws Exception {
    List<Object> values = Arrays.asList(null, "text", true, 7, 8L, 1.5, new BigDecimal("12.340"), new byte[] {1, 2},
        Instant.parse("2026-01-02T03:04:05.123Z"), LocalDate.of(2026, 1, 2), LocalTime.of(3, 4, 5),
        LocalDateTime.of(2026, 1, 2, 3, 4), UUID.randomUUID());
    QueryResult r = await(query(conn.runtime, "db", new SqlStatement("select ?", values)));

    assertThat(r.columns()).hasSize(values.size());
    List<Object> row = r.rows().get(0);
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) instanceof byte[] b) {
        assertThat((byte[]) row.get(i)).containsExactly(b);
      } else {
        assertThat(row.get(i)).isEqualTo(values.get(i));
      }
    }
  }

  @Test
  void exec_andErrors() throws Exception {
    long n = await(conn.runtime.exec(p -> {
      p.setDatabase("db");
      DatabaseConvert.statement(SqlStatement.of("update t set a = ? where b = ?", 1, "x"), p.initStatement());
    }).response().thenApply(Runtime.ExecResults.Reader::getRowsAffected));
    assertThat(n).isEqualTo(2);

    assertThat(code(query(conn.runtime, "db", SqlStatement.of("fail")))).isEqualTo("ERR_COMPONENT_FAILED");
    assertThat(code(query(conn.runtime, "nope", SqlStatement.of("select 1")))).isEqualTo("ERR_COMPONENT_NOT_FOUND");
    // Garbage: no SQL, a date that does not parse.
    assertThat(failure(conn.runtime.query(p -> p.setDatabase("db")).response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("sql");
    assertThat(failure(conn.runtime.query(p -> {
      p.setDatabase("db");
      var s = p.initStatement();
      s.setSql("select ?");
      s.initParameters(1).get(0).setDate("2026-13-45");
    }).response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("DATE");
    assertThat(await(query(conn.runtime, "db", SqlStatement.of("select 1"))).rows()).hasSize(1);
  }

  static RuntimeProtocol.Transaction.Client begin(Runtime.Client rt) throws Exception {
    var promise = rt.begin(p -> {
      p.setDatabase("db");
      DatabaseConvert.options(new TransactionOptions(Isolation.SERIALIZABLE, true, Optional.of(Duration.ofSeconds(30))),
          p.initOptions());
    });
    // Kept beyond the response, which is closed: then closing this handle releases the capability.
    try (var result = await(promise.result())) {
      return result.value().getTransaction().dup();
    }
  }

  @Test
  void transaction_execThenCommit_endsItAndLaterCallsAreRefused() throws Exception {
    int before = db.transactions.size();
    RuntimeProtocol.Transaction.Client tx = begin(conn.runtime);
    await(tx.exec(p -> DatabaseConvert.statement(SqlStatement.of("insert 1"), p.initStatement())).response());
    await(tx.commit(p -> {}).response());

    MemoryDatabase.Tx seen = db.transactions.values().stream().filter(t -> t.executed.contains("insert 1")).findFirst().orElseThrow();
    assertThat(db.transactions.size()).isGreaterThan(before);
    assertThat(seen.end).isEqualTo(MemoryDatabase.End.COMMITTED);
    assertThat(seen.options.isolation()).isEqualTo(Isolation.SERIALIZABLE);
    assertThat(seen.options.readOnly()).isTrue();
    assertThat(code(tx.exec(p -> DatabaseConvert.statement(SqlStatement.of("insert 2"), p.initStatement())).response()))
        .isEqualTo("ERR_TRANSACTION_NOT_FOUND");
    tx.close();
  }

  @Test
  void transaction_clientDisconnectsBeforeCommit_isRolledBack() throws Exception {
    TestNode.Conn other = node.connect(endpoint);
    RuntimeProtocol.Transaction.Client tx = begin(other.runtime);
    await(tx.exec(p -> DatabaseConvert.statement(SqlStatement.of("insert during disconnect"), p.initStatement())).response());
    MemoryDatabase.Tx seen = db.transactions.values().stream()
        .filter(t -> t.executed.contains("insert during disconnect")).findFirst().orElseThrow();
    assertThat(seen.end).isEqualTo(MemoryDatabase.End.OPEN);

    other.close();

    TestNode.waitUntil("the runtime rolled the transaction back", () -> seen.end == MemoryDatabase.End.ROLLED_BACK);
  }

  @Test
  void transaction_capabilityDropped_isRolledBack() throws Exception {
    RuntimeProtocol.Transaction.Client tx = begin(conn.runtime);
    await(tx.exec(p -> DatabaseConvert.statement(SqlStatement.of("insert then drop"), p.initStatement())).response());
    MemoryDatabase.Tx seen = db.transactions.values().stream()
        .filter(t -> t.executed.contains("insert then drop")).findFirst().orElseThrow();

    tx.close();

    TestNode.waitUntil("the runtime rolled the transaction back", () -> seen.end == MemoryDatabase.End.ROLLED_BACK);
  }
}
