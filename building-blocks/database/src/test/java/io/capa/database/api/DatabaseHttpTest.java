package io.capa.database.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.SqlStatement;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.components.testkit.MapComponents;
import io.capa.runtime.blocks.DatabaseHttp;
import io.capa.runtime.testkit.RoutesServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service over an H2 database found through ServiceLoader, and its HTTP routes over real sockets. */
class DatabaseHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ExecutorService blocking;
  private static ScheduledExecutorService scheduler;
  private static Component db;
  private static ComponentDatabaseService service;
  private static RoutesServer server;

  @BeforeAll
  static void start() throws Exception {
    blocking = Executors.newFixedThreadPool(4);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    ComponentFactory factory = ServiceLoader.load(ComponentFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.types().contains("database.h2")).findFirst().orElseThrow();
    Map<String, String> metadata = Map.of("url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "maxConnections", "3");
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    metadata.forEach((k, v) -> m.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec("orders", "database.h2", "v1", m, List.of(), Optional.empty(), Path.of("db.yaml"), 1);
    db = factory.create(new ComponentConfig(spec, metadata), new ComponentContext("app", blocking, scheduler, Path.of("target")));
    service = new ComponentDatabaseService(new MapComponents(Map.of("orders", db)));
    service.exec("orders", SqlStatement.of("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100), price DECIMAL(10,2),"
        + " data VARBINARY(100), at TIMESTAMP WITH TIME ZONE)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    server = new RoutesServer(new DatabaseHttp(service));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    db.close();
    blocking.shutdownNow();
    scheduler.shutdownNow();
  }

  @AfterEach
  void serverKeepsServing() throws Exception {
    assertThat(server.send("GET", "/v1.0/healthz", BodyPublishers.noBody()).statusCode()).isEqualTo(204);
    post("/v1.0-alpha1/database/orders/exec", "{\"sql\":\"DELETE FROM items\"}");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return server.send("POST", path, BodyPublishers.ofString(body), "Content-Type", "application/json");
  }

  @Test
  void service_unknownDatabase_failsWithComponentNotFound() {
    assertThatThrownBy(() -> service.query("nope", SqlStatement.of("SELECT 1")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .satisfies(t -> assertThat(((CapaException) t.getCause()).errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
    assertThatThrownBy(() -> service.begin("nope").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CapaException.class);
  }

  @Test
  void execAndQuery_withTypedParams_overHttp() throws Exception {
    HttpResponse<String> exec = post("/v1.0-alpha1/database/orders/exec",
        "{\"sql\":\"INSERT INTO items VALUES (?, ?, ?, ?, ?)\",\"params\":[1, \"tea\", 3.50, {\"bytes\":\"AAH/\"},"
            + " {\"instant\":\"2026-01-02T03:04:05Z\"}]}");
    assertThat(exec.statusCode()).as(exec.body()).isEqualTo(200);
    assertThat(JSON.readTree(exec.body()).get("rowsAffected").asLong()).isEqualTo(1);

    HttpResponse<String> query = post("/v1.0-alpha1/database/orders/query",
        "{\"sql\":\"SELECT id, name, price, data, at FROM items WHERE name = ?\",\"params\":[\"tea\"]}");
    assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
    JsonNode r = JSON.readTree(query.body());
    assertThat(r.get("columns").toString()).isEqualTo("[\"ID\",\"NAME\",\"PRICE\",\"DATA\",\"AT\"]");
    JsonNode row = r.get("rows").get(0);
    assertThat(row.get(0).asInt()).isEqualTo(1);
    assertThat(row.get(1).asText()).isEqualTo("tea");
    assertThat(row.get(2).decimalValue()).isEqualByComparingTo("3.50");
    assertThat(row.get(3).asText()).isEqualTo("AAH/");
    assertThat(row.get(4).asText()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void transaction_commitAndRollback_overHttp() throws Exception {
    HttpResponse<String> begin = post("/v1.0-alpha1/database/orders/transactions", "{\"isolation\":\"serializable\"}");
    assertThat(begin.statusCode()).as(begin.body()).isEqualTo(201);
    String id = JSON.readTree(begin.body()).get("id").asText();
    String tx = "/v1.0-alpha1/database/orders/transactions/" + id;
    assertThat(post(tx + "/exec", "{\"sql\":\"INSERT INTO items (id, name) VALUES (?, ?)\",\"params\":[2,\"kept\"]}").statusCode())
        .isEqualTo(200);
    assertThat(post(tx + "/commit", "").statusCode()).isEqualTo(204);
    HttpResponse<String> after = post(tx + "/exec", "{\"sql\":\"SELECT 1\"}");
    assertThat(after.statusCode()).isEqualTo(404);
    assertThat(after.body()).contains("ERR_TRANSACTION_NOT_FOUND");

    String id2 = JSON.readTree(post("/v1.0-alpha1/database/orders/transactions", "").body()).get("id").asText();
    String tx2 = "/v1.0-alpha1/database/orders/transactions/" + id2;
    post(tx2 + "/exec", "{\"sql\":\"INSERT INTO items (id, name) VALUES (3, 'dropped')\"}");
    assertThat(post(tx2 + "/rollback", "").statusCode()).isEqualTo(204);

    JsonNode rows = JSON.readTree(post("/v1.0-alpha1/database/orders/query", "{\"sql\":\"SELECT name FROM items ORDER BY id\"}").body());
    assertThat(rows.get("rows").toString()).isEqualTo("[[\"kept\"]]");
  }

  @Test
  void transaction_unknownId_isNotFound() throws Exception {
    HttpResponse<String> r = post("/v1.0-alpha1/database/orders/transactions/no-such-id/commit", "");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("ERR_TRANSACTION_NOT_FOUND");
  }

  @Test
  void garbageBodies_areRefusedWithTheReason() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("not json at all", "ERR_MALFORMED_JSON");
    cases.put("{\"sql\":\"SELECT 1\"} trailing", "ERR_MALFORMED_JSON");
    cases.put("", "ERR_MALFORMED_JSON");
    cases.put("[1,2]", "JSON object");
    cases.put("{\"params\":[]}", "sql must be");
    cases.put("{\"sql\":42}", "sql must be");
    cases.put("{\"sql\":\"SELECT ?\",\"params\":\"x\"}", "params must be an array");
    cases.put("{\"sql\":\"SELECT ?\",\"params\":[[1]]}", "params[0]");
    cases.put("{\"sql\":\"SELECT ?\",\"params\":[{\"bytes\":\"***\"}]}", "params[0] is not a valid bytes");
    cases.put("{\"sql\":\"SELECT ?\",\"params\":[{\"color\":\"red\"}]}", "unknown type \\\"color\\\"");
    cases.put("{\"sql\":\"SELEKT 1\"}", "SQLSTATE");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = post("/v1.0-alpha1/database/orders/query", c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.body()).as(c.getKey()).contains(c.getValue());
    }
    HttpResponse<String> iso = post("/v1.0-alpha1/database/orders/transactions", "{\"isolation\":\"chaos\"}");
    assertThat(iso.statusCode()).isEqualTo(400);
    assertThat(iso.body()).contains("isolation must be one of");
    HttpResponse<String> idle = post("/v1.0-alpha1/database/orders/transactions", "{\"idleTimeout\":\"forever\"}");
    assertThat(idle.statusCode()).isEqualTo(400);
    assertThat(idle.body()).contains("idleTimeout");
    assertThat(post("/v1.0-alpha1/database/nope/query", "{\"sql\":\"SELECT 1\"}").body()).contains("ERR_COMPONENT_NOT_FOUND");
  }
}
