package io.capa.bindings.internal.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.zaxxer.hikari.HikariDataSource;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.spi.ComponentHealth;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * INTERNAL API. {@code bindings.postgresql}: {@code exec} and {@code query} of the request's {@code
 * sql} metadata with {@code params} (a JSON array bound to {@code $1, $2, ...}), and {@code close}.
 * {@code query} answers a JSON array of rows, each an array of column values, as Dapr does.
 */
final class PostgresOutputBinding implements OutputBinding {
  private static final Set<String> OPERATIONS = Set.of("exec", "query", "close");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Result rows kept in memory for one query; more is refused instead of filling the heap. */
  private static final int MAX_ROWS = 100_000;

  private final String name;
  private final HikariDataSource pool;
  private final Executor blocking;
  private volatile boolean closed;

  PostgresOutputBinding(String name, HikariDataSource pool, Executor blocking) {
    this.name = name;
    this.pool = pool;
    this.blocking = blocking;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public ComponentHealth health() {
    if (closed) {
      return ComponentHealth.down("closed by a close operation");
    }
    var bean = pool.getHikariPoolMXBean();
    return bean != null && bean.getTotalConnections() > 0
        ? ComponentHealth.UP
        : ComponentHealth.down("no connection to " + pool.getJdbcUrl() + " yet");
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    if (request.operation().equals("close")) {
      closed = true;
      pool.close();
      return CompletableFuture.completedFuture(new BindingResponse(new byte[0], Map.of()));
    }
    if (closed) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED,
          "binding '" + name + "' was closed by a close operation"));
    }
    String sql = request.metadata().get("sql");
    if (sql == null || sql.isBlank()) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.INVALID_REQUEST,
          "binding '" + name + "': metadata sql is required for " + request.operation()));
    }
    JsonNode params;
    try {
      params = params(request.metadata().get("params"));
    } catch (CapaException e) {
      return CompletableFuture.failedStage(e);
    }
    boolean query = request.operation().equals("query");
    return CompletableFuture.supplyAsync(() -> run(sql, params, query), blocking);
  }

  private JsonNode params(String raw) {
    if (raw == null || raw.isBlank()) {
      return JSON.createArrayNode();
    }
    try {
      JsonNode node = JSON.readTree(raw);
      if (!node.isArray()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, "binding '" + name + "': metadata params must be a JSON array");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "binding '" + name + "': metadata params is not JSON: " + e.getOriginalMessage());
    }
  }

  private BindingResponse run(String sql, JsonNode params, boolean query) {
    Instant start = Instant.now();
    Placeholders placeholders = Placeholders.rewrite(sql);
    for (int n : placeholders.order()) {
      if (n < 1 || n > params.size()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, "binding '" + name + "': sql uses $" + n + " but params has "
            + params.size() + " values");
      }
    }
    try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(placeholders.sql())) {
      for (int i = 0; i < placeholders.order().size(); i++) {
        st.setObject(i + 1, value(params.get(placeholders.order().get(i) - 1)));
      }
      if (!query) {
        int rows = st.executeUpdate();
        return new BindingResponse(new byte[0], timing(start, Map.of("rows-affected", String.valueOf(rows))));
      }
      try (ResultSet rs = st.executeQuery()) {
        ArrayNode rows = JSON.createArrayNode();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          if (rows.size() >= MAX_ROWS) {
            throw new CapaException(ErrorCode.PAYLOAD_TOO_LARGE,
                "binding '" + name + "': the query returns more than " + MAX_ROWS + " rows");
          }
          ArrayNode row = rows.addArray();
          for (int col = 1; col <= md.getColumnCount(); col++) {
            row.addPOJO(jsonable(rs.getObject(col)));
          }
        }
        return new BindingResponse(JSON.writeValueAsBytes(rows), timing(start, Map.of()));
      }
    } catch (SQLException e) {
      ErrorCode code = e.getSQLState() != null && e.getSQLState().startsWith("08")
          ? ErrorCode.COMPONENT_FAILED : ErrorCode.INVALID_REQUEST;
      throw new CapaException(code, "binding '" + name + "': " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new CapaException(ErrorCode.COMPONENT_FAILED, "binding '" + name + "': " + e.getMessage(), e);
    }
  }

  private static Map<String, String> timing(Instant start, Map<String, String> more) {
    Instant end = Instant.now();
    var m = new java.util.LinkedHashMap<>(more);
    m.put("start-time", start.toString());
    m.put("end-time", end.toString());
    m.put("duration", Duration.between(start, end).toString());
    return m;
  }

  private static Object value(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    return n.toString();
  }

  private static Object jsonable(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String || v instanceof BigDecimal) {
      return v;
    }
    return v.toString();
  }

  @Override
  public void close() {
    closed = true;
    pool.close();
  }
}
