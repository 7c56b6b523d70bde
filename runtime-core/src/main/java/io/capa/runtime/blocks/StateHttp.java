package io.capa.runtime.blocks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Concurrency;
import io.capa.api.state.Consistency;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateOptions;
import io.capa.api.state.StateService;
import io.capa.api.state.StateTransaction;
import io.capa.api.state.TransactionOperation;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The state building block on Dapr's HTTP paths:
 *
 * <pre>
 *   POST|PUT /v1.0/state/{store}              [{key, value, etag, metadata, options}]  → 204
 *   GET      /v1.0/state/{store}/{key}        ?consistency=&amp;metadata.x=  → 200 value + ETag, 204 absent
 *   DELETE   /v1.0/state/{store}/{key}        If-Match: etag                   → 204
 *   POST|PUT /v1.0/state/{store}/bulk         {keys, parallelism, metadata}   → [{key, data, etag}]
 *   POST|PUT /v1.0/state/{store}/transaction  {operations: [{operation, request}], metadata} → 204
 * </pre>
 *
 * <p>A JSON value is stored as its JSON text, as Dapr stores it: saving {@code "abc"} keeps the
 * five bytes with their quotes, and reading returns them unchanged. An unknown store answers 400
 * {@code ERR_STATE_STORE_NOT_FOUND}, Dapr's code, so that Dapr clients recognise it.
 */
public final class StateHttp implements HttpRoutes {
  /** Dapr's code for an unknown state store; the portable API's is ERR_COMPONENT_NOT_FOUND. */
  static final String ERR_STATE_STORE_NOT_FOUND = "ERR_STATE_STORE_NOT_FOUND";
  private static final String METADATA_QUERY = "metadata.";

  private final StateService state;

  public StateHttp(StateService state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> segments) {
    if (segments.size() < 3 || !segments.get(0).equals("v1.0") || !segments.get(1).equals("state")) {
      return Optional.empty();
    }
    String store = segments.get(2);
    boolean write = request.method().equals(HttpMethods.POST) || request.method().equals(HttpMethods.PUT);
    if (segments.size() == 3 && write) {
      return route("/v1.0/state/{store}", true, (req, body) -> save(store, body));
    }
    if (segments.size() != 4) {
      return Optional.empty();
    }
    String key = segments.get(3);
    if (write && key.equals("bulk")) {
      return route("/v1.0/state/{store}/bulk", true, (req, body) -> bulk(store, body));
    }
    if (write && key.equals("transaction")) {
      return route("/v1.0/state/{store}/transaction", true, (req, body) -> transaction(store, body));
    }
    if (request.method().equals(HttpMethods.GET)) {
      return route("/v1.0/state/{store}/{key}", false, (req, body) -> get(store, key, req));
    }
    if (request.method().equals(HttpMethods.DELETE)) {
      return route("/v1.0/state/{store}/{key}", false, (req, body) -> delete(store, key, req));
    }
    return Optional.empty();
  }

  private static Optional<HttpRoute> route(String template, boolean readsBody, HttpRoute.Handler handler) {
    return Optional.of(new HttpRoute(template, readsBody, (req, body) -> withDaprNotFound(handler.handle(req, body))));
  }

  /** Dapr's code and status for an unknown store; other failures stay with the API's mapping. */
  private static CompletionStage<HttpResponse> withDaprNotFound(CompletionStage<HttpResponse> response) {
    return response.exceptionally(e -> {
      Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (t instanceof CapaException c && c.errorCode() == ErrorCode.COMPONENT_NOT_FOUND) {
        return HttpReplies.json(400, Map.of("errorCode", ERR_STATE_STORE_NOT_FOUND, "message", c.getMessage()));
      }
      throw e instanceof CompletionException ce ? ce : new CompletionException(t);
    });
  }

  private CompletionStage<HttpResponse> save(String store, byte[] body) {
    JsonNode root = parse(body);
    if (!root.isArray()) {
      throw malformed("the body must be a JSON array of {key, value, etag, metadata, options}");
    }
    List<SaveRequest> requests = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      requests.add(saveRequest(root.get(i), "item " + i));
    }
    return state.save(store, requests).thenApply(v -> HttpReplies.noContent());
  }

  private CompletionStage<HttpResponse> get(String store, String key, HttpRequest request) {
    Consistency consistency = consistency(request.getUri().query().get("consistency").orElse(null), "consistency");
    return state.get(store, key, consistency, queryMetadata(request)).thenApply(item -> {
      if (item.isEmpty()) {
        return HttpReplies.noContent();
      }
      HttpResponse r = HttpReplies.json(200, item.get().value());
      return item.get().etag().map(etag -> r.addHeader(RawHeader.create("ETag", etag))).orElse(r);
    });
  }

  private CompletionStage<HttpResponse> delete(String store, String key, HttpRequest request) {
    Optional<String> etag = request.getHeader("If-Match").map(h -> unquote(h.value())).filter(s -> !s.isEmpty());
    StateOptions options = new StateOptions(
        consistency(request.getUri().query().get("consistency").orElse(null), "consistency"),
        concurrency(request.getUri().query().get("concurrency").orElse(null), "concurrency"));
    DeleteRequest delete = new DeleteRequest(key, etag, options, queryMetadata(request));
    return state.delete(store, delete).thenApply(v -> HttpReplies.noContent());
  }

  private CompletionStage<HttpResponse> bulk(String store, byte[] body) {
    JsonNode root = parse(body);
    if (!root.isObject() || !root.path("keys").isArray()) {
      throw malformed("the body must be a JSON object with an array of keys: {\"keys\": [...], \"parallelism\": n}");
    }
    List<String> keys = new ArrayList<>();
    for (JsonNode k : root.get("keys")) {
      if (!k.isTextual()) {
        throw malformed("keys must be strings, got " + k);
      }
      keys.add(k.asText());
    }
    Map<String, String> metadata = metadata(root.get("metadata"), "metadata");
    return state.getBulk(store, keys, metadata).thenApply(results -> {
      ArrayNode out = HttpReplies.MAPPER.createArrayNode();
      for (BulkGetResult r : results) {
        ObjectNode item = out.addObject();
        item.put("key", r.key());
        if (r instanceof BulkGetResult.Found f) {
          item.set("data", data(f.item().value()));
          f.item().etag().ifPresent(e -> item.put("etag", e));
        } else if (r instanceof BulkGetResult.Failed failed) {
          item.put("error", failed.message());
        }
      }
      return HttpReplies.json(200, out);
    });
  }

  private CompletionStage<HttpResponse> transaction(String store, byte[] body) {
    JsonNode root = parse(body);
    if (!root.isObject() || !root.path("operations").isArray()) {
      throw malformed("the body must be a JSON object with an array of operations: "
          + "{\"operations\": [{\"operation\": \"upsert\", \"request\": {...}}]}");
    }
    List<TransactionOperation> ops = new ArrayList<>();
    int i = 0;
    for (JsonNode op : root.get("operations")) {
      String where = "operations[" + i++ + "]";
      if (!op.isObject() || !op.path("request").isObject()) {
        throw malformed(where + " must be {\"operation\": \"upsert\"|\"delete\", \"request\": {...}}");
      }
      String kind = op.path("operation").asText("").toLowerCase(Locale.ROOT);
      JsonNode request = op.get("request");
      switch (kind) {
        case "upsert":
          ops.add(new TransactionOperation.Upsert(saveRequest(request, where + ".request")));
          break;
        case "delete":
          ops.add(new TransactionOperation.Delete(new DeleteRequest(key(request, where + ".request"),
              etag(request, where + ".request"), options(request.get("options"), where + ".request.options"),
              metadata(request.get("metadata"), where + ".request.metadata"))));
          break;
        default:
          throw malformed(where + ".operation must be \"upsert\" or \"delete\", got " + op.path("operation"));
      }
    }
    StateTransaction tx = new StateTransaction(ops, metadata(root.get("metadata"), "metadata"));
    return state.transact(store, tx).thenApply(v -> HttpReplies.noContent());
  }

  private static SaveRequest saveRequest(JsonNode item, String where) {
    if (item == null || !item.isObject()) {
      throw malformed(where + " must be an object {key, value, etag, metadata, options}");
    }
    String key = key(item, where);
    if (!item.has("value")) {
      throw malformed(where + " (key '" + key + "') has no value");
    }
    byte[] value;
    try {
      value = HttpReplies.MAPPER.writeValueAsBytes(item.get("value"));
    } catch (JsonProcessingException e) {
      throw malformed(where + ": the value cannot be written: " + e.getOriginalMessage());
    }
    return new SaveRequest(key, value, etag(item, where), options(item.get("options"), where + ".options"),
        Optional.empty(), metadata(item.get("metadata"), where + ".metadata"));
  }

  private static String key(JsonNode item, String where) {
    JsonNode k = item.get("key");
    if (k == null || !k.isTextual()) {
      throw malformed(where + " needs a \"key\" string");
    }
    return k.asText();
  }

  private static Optional<String> etag(JsonNode item, String where) {
    JsonNode e = item.get("etag");
    if (e == null || e.isNull()) {
      return Optional.empty();
    }
    if (!e.isTextual() && !e.isNumber()) {
      throw malformed(where + ".etag must be a string");
    }
    return e.asText().isEmpty() ? Optional.empty() : Optional.of(e.asText());
  }

  private static StateOptions options(JsonNode options, String where) {
    if (options == null || options.isNull()) {
      return StateOptions.DEFAULT;
    }
    if (!options.isObject()) {
      throw malformed(where + " must be an object {concurrency, consistency}");
    }
    return new StateOptions(consistency(text(options.get("consistency")), where + ".consistency"),
        concurrency(text(options.get("concurrency")), where + ".concurrency"));
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Consistency consistency(String value, String where) {
    if (value == null || value.isEmpty()) {
      return Consistency.EVENTUAL;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "strong":
        return Consistency.STRONG;
      case "eventual":
        return Consistency.EVENTUAL;
      default:
        throw new CapaException(ErrorCode.INVALID_REQUEST,
            where + " must be \"strong\" or \"eventual\", got \"" + value + "\"");
    }
  }

  private static Concurrency concurrency(String value, String where) {
    if (value == null || value.isEmpty()) {
      return Concurrency.LAST_WRITE;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "first-write":
        return Concurrency.FIRST_WRITE;
      case "last-write":
        return Concurrency.LAST_WRITE;
      default:
        throw new CapaException(ErrorCode.INVALID_REQUEST,
            where + " must be \"first-write\" or \"last-write\", got \"" + value + "\"");
    }
  }

  private static Map<String, String> metadata(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw malformed(where + " must be an object of strings");
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (f.getValue().isContainerNode()) {
        throw malformed(where + "." + f.getKey() + " must be a string");
      }
      out.put(f.getKey(), f.getValue().asText());
    }
    return out;
  }

  private static Map<String, String> queryMetadata(HttpRequest request) {
    Map<String, String> out = new HashMap<>();
    request.getUri().query().toMap().forEach((k, v) -> {
      if (k.startsWith(METADATA_QUERY) && k.length() > METADATA_QUERY.length()) {
        out.put(k.substring(METADATA_QUERY.length()), v);
      }
    });
    return out;
  }

  /** A stored value as bulk answers carry it: embedded when it is JSON, else as a JSON string. */
  private static JsonNode data(byte[] value) {
    try {
      return HttpReplies.MAPPER.readTree(value);
    } catch (IOException e) {
      return HttpReplies.MAPPER.getNodeFactory().textNode(new String(value, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw malformed("the request has no body");
    }
    try {
      JsonNode n = HttpReplies.MAPPER.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw malformed("the request has no JSON body");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw malformed("the body is not valid JSON: " + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw malformed("the body cannot be read: " + e.getMessage());
    }
  }

  private static String unquote(String etag) {
    String e = etag.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }

  private static CapaException malformed(String message) {
    return new CapaException(ErrorCode.MALFORMED_JSON, message);
  }
}
