package io.capa.runtime.blocks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.DatabaseService;
import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.Isolation;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The database building block over HTTP, all {@code POST} with JSON bodies:
 *
 * <pre>
 *   /v1.0-alpha1/database/{name}/query                       {"sql":..., "params":[...]} → {"columns":[...],"rows":[[...]]}
 *   /v1.0-alpha1/database/{name}/exec                        {"sql":..., "params":[...]} → {"rowsAffected":n}
 *   /v1.0-alpha1/database/{name}/transactions                {"isolation":..., "readOnly":..., "idleTimeout":"30s"} → 201 {"id":...}
 *   /v1.0-alpha1/database/{name}/transactions/{id}/query     as query, inside the transaction
 *   /v1.0-alpha1/database/{name}/transactions/{id}/exec      as exec, inside the transaction
 *   /v1.0-alpha1/database/{name}/transactions/{id}/commit    204
 *   /v1.0-alpha1/database/{name}/transactions/{id}/rollback  204
 * </pre>
 *
 * Parameters are JSON values (strings, numbers, booleans, null) or one-key objects for the other
 * types: {@code {"bytes":"<base64>"}}, {@code {"instant":"2026-01-02T03:04:05Z"}}, {@code
 * {"date":...}}, {@code {"time":...}}, {@code {"datetime":...}} (no zone), {@code {"uuid":...}},
 * {@code {"double":1.5}}. Whole numbers bind as int or bigint, other numbers as exact decimals.
 * Result values come back as JSON numbers, strings, booleans and nulls; bytes as base64 strings,
 * times and UUIDs as ISO-8601 / canonical strings.
 *
 * <p>Transaction handles live here by id. One that has not been used for longer than its idle
 * timeout has been rolled back by the database component; its entry is dropped at the next begin.
 */
public final class DatabaseHttp implements HttpRoutes {
  private static final String PREFIX = "v1.0-alpha1";
  private static final ObjectReader JSON =
      HttpReplies.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  /** How long an entry whose idle timeout the caller left to the component is kept unused. */
  private static final Duration UNKNOWN_IDLE = Duration.ofMinutes(10);

  private final DatabaseService databases;
  private final Map<String, Open> open = new ConcurrentHashMap<>();

  private record Open(String database, DatabaseTransaction tx, long idleNanos, long[] lastUsed) {}

  public DatabaseHttp(DatabaseService databases) {
    this.databases = Objects.requireNonNull(databases, "databases");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> segments) {
    if (segments.size() < 4 || !segments.get(0).equals(PREFIX) || !segments.get(1).equals("database")
        || !request.method().equals(HttpMethods.POST)) {
      return Optional.empty();
    }
    String db = segments.get(2);
    String action = segments.get(3);
    if (segments.size() == 4) {
      switch (action) {
        case "query":
          return route("/v1.0-alpha1/database/{name}/query", body -> databases.query(db, statement(body)).thenApply(DatabaseHttp::queryReply));
        case "exec":
          return route("/v1.0-alpha1/database/{name}/exec", body -> databases.exec(db, statement(body))
              .thenApply(r -> HttpReplies.json(200, Map.of("rowsAffected", r.rowsAffected()))));
        case "transactions":
          return route("/v1.0-alpha1/database/{name}/transactions", body -> begin(db, body));
        default:
          return Optional.empty();
      }
    }
    if (segments.size() == 6 && action.equals("transactions")) {
      String id = segments.get(4);
      String template = "/v1.0-alpha1/database/{name}/transactions/{id}/" + segments.get(5);
      switch (segments.get(5)) {
        case "query":
          return route(template, body -> {
            SqlStatement s = statement(body);
            return track(id, db, find(db, id).tx().query(s)).thenApply(DatabaseHttp::queryReply);
          });
        case "exec":
          return route(template, body -> {
            SqlStatement s = statement(body);
            return track(id, db, find(db, id).tx().exec(s))
                .thenApply(r -> HttpReplies.json(200, Map.of("rowsAffected", r.rowsAffected())));
          });
        case "commit":
          return route(template, body -> end(id, find(db, id).tx().commit()));
        case "rollback":
          return route(template, body -> end(id, find(db, id).tx().rollback()));
        default:
          return Optional.empty();
      }
    }
    return Optional.empty();
  }

  @FunctionalInterface
  private interface Handler {
    CompletionStage<HttpResponse> handle(byte[] body) throws Exception;
  }

  private static Optional<HttpRoute> route(String template, Handler handler) {
    return Optional.of(new HttpRoute(template, true, (request, body) -> handler.handle(body)));
  }

  private CompletionStage<HttpResponse> begin(String db, byte[] body) {
    JsonNode n = body.length == 0 ? HttpReplies.MAPPER.createObjectNode() : parse(body);
    if (!n.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object with isolation, readOnly and idleTimeout, or empty");
    }
    Isolation isolation = Isolation.DEFAULT;
    if (n.hasNonNull("isolation")) {
      String text = n.get("isolation").asText().toUpperCase(Locale.ROOT).replace(' ', '_');
      try {
        isolation = Isolation.valueOf(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("isolation must be one of " + List.of(Isolation.values()) + ", got "
            + n.get("isolation"));
      }
    }
    if (n.has("readOnly") && !n.get("readOnly").isBoolean()) {
      throw new IllegalArgumentException("readOnly must be true or false, got " + n.get("readOnly"));
    }
    Optional<Duration> idle = n.hasNonNull("idleTimeout") ? Optional.of(duration(n.get("idleTimeout").asText())) : Optional.empty();
    TransactionOptions options = new TransactionOptions(isolation, n.path("readOnly").asBoolean(false), idle);
    purge();
    return databases.begin(db, options).thenApply(tx -> {
      open.put(tx.id(), new Open(db, tx, idle.orElse(UNKNOWN_IDLE).toNanos(), new long[] {System.nanoTime()}));
      return HttpReplies.json(201, Map.of("id", tx.id()));
    });
  }

  private Open find(String db, String id) {
    Open o = open.get(id);
    if (o == null || !o.database().equals(db)) {
      throw new CapaException(ErrorCode.TRANSACTION_NOT_FOUND, "no open transaction " + id + " on database " + db);
    }
    synchronized (o.lastUsed()) {
      o.lastUsed()[0] = System.nanoTime();
    }
    return o;
  }

  /** Forgets a handle the component reports as ended. */
  private <T> CompletionStage<T> track(String id, String db, CompletionStage<T> stage) {
    return stage.whenComplete((r, e) -> {
      if (e != null && code(e) == ErrorCode.TRANSACTION_NOT_FOUND) {
        open.remove(id);
      }
    });
  }

  private CompletionStage<HttpResponse> end(String id, CompletionStage<Void> stage) {
    return stage.handle((v, e) -> {
      ErrorCode c = e == null ? null : code(e);
      if (e == null || c == ErrorCode.TRANSACTION_NOT_FOUND || c == ErrorCode.INVALID_REQUEST || c == ErrorCode.COMPONENT_FAILED) {
        open.remove(id); // committed, rolled back, or a failed commit (which rolled back): ended either way
      }
      if (e != null) {
        throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
      }
      return HttpReplies.noContent();
    });
  }

  private void purge() {
    long now = System.nanoTime();
    open.values().removeIf(o -> {
      synchronized (o.lastUsed()) {
        return now - o.lastUsed()[0] > o.idleNanos() * 2;
      }
    });
  }

  private static ErrorCode code(Throwable e) {
    Throwable t = e;
    while (t != null && !(t instanceof CapaException)) {
      t = t.getCause();
    }
    return t == null ? null : ((CapaException) t).errorCode();
  }

  static SqlStatement statement(byte[] body) {
    JsonNode n = parse(body);
    if (!n.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object {\"sql\": ..., \"params\": [...]}");
    }
    JsonNode sql = n.get("sql");
    if (sql == null || !sql.isTextual() || sql.asText().isBlank()) {
      throw new IllegalArgumentException("sql must be a non-empty string");
    }
    JsonNode params = n.path("params");
    List<Object> values = new ArrayList<>();
    if (!params.isMissingNode() && !params.isNull()) {
      if (!params.isArray()) {
        throw new IllegalArgumentException("params must be an array, got " + params.getNodeType());
      }
      for (int i = 0; i < params.size(); i++) {
        values.add(value(params.get(i), i + 1));
      }
    }
    return new SqlStatement(sql.asText(), values);
  }

  private static Object value(JsonNode v, int position) {
    String at = "params[" + (position - 1) + "]";
    if (v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      if (v.canConvertToInt()) {
        return v.intValue();
      }
      return v.canConvertToLong() ? (Object) v.longValue() : new BigDecimal(v.bigIntegerValue());
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isObject() && v.size() == 1) {
      Map.Entry<String, JsonNode> e = v.properties().iterator().next();
      String text = e.getValue().asText();
      try {
        switch (e.getKey()) {
          case "bytes":
            return Base64.getDecoder().decode(text);
          case "instant":
            return Instant.parse(text);
          case "date":
            return LocalDate.parse(text);
          case "time":
            return LocalTime.parse(text);
          case "datetime":
            return LocalDateTime.parse(text);
          case "uuid":
            return UUID.fromString(text);
          case "double":
            if (!e.getValue().isNumber()) {
              throw new IllegalArgumentException("not a number");
            }
            return e.getValue().doubleValue();
          default:
            break;
        }
      } catch (RuntimeException x) {
        throw new IllegalArgumentException(at + " is not a valid " + e.getKey() + ": " + e.getValue() + " (" + x.getMessage() + ")");
      }
      throw new IllegalArgumentException(at + " has unknown type \"" + e.getKey()
          + "\" (expected bytes, instant, date, time, datetime, uuid or double)");
    }
    throw new IllegalArgumentException(at + " must be a string, number, boolean, null or a one-key typed object, got "
        + v.getNodeType());
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the body is empty; expected a JSON object");
    }
    try {
      return JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the body is not JSON: " + e.getMessage());
    }
  }

  private static Duration duration(String text) {
    Matcher m = SIMPLE_DURATION.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return positive(Duration.ofMillis(n), text);
        case "s":
          return positive(Duration.ofSeconds(n), text);
        case "m":
          return positive(Duration.ofMinutes(n), text);
        default:
          return positive(Duration.ofHours(n), text);
      }
    }
    try {
      return positive(Duration.parse(text), text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("idleTimeout must be a duration such as 30s, 5m or PT30S, got \"" + text + "\"");
    }
  }

  private static Duration positive(Duration d, String text) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must be positive, got \"" + text + "\"");
    }
    return d;
  }

  private static HttpResponse queryReply(QueryResult r) {
    List<List<Object>> rows = new ArrayList<>(r.rows().size());
    for (List<Object> row : r.rows()) {
      List<Object> out = new ArrayList<>(row.size());
      for (Object v : row) {
        out.add(jsonValue(v));
      }
      rows.add(out);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("columns", r.columns());
    m.put("rows", rows);
    return HttpReplies.json(200, m);
  }

  private static Object jsonValue(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
      return v;
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    return v.toString(); // Instant, LocalDate, LocalTime, LocalDateTime, UUID: ISO-8601 / canonical text
  }
}
