package io.capa.runtime.blocks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.BulkPublishEntry;
import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.BulkPublishResponse;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.PublishOutcome;
import io.capa.api.pubsub.PublishRequest;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Publishing over HTTP, on Dapr's paths:
 *
 * <pre>
 * POST /v1.0/publish/{pubsub}/{topic}                body = the data; Content-Type = its datacontenttype;
 *                                                    ?metadata.rawPayload=true publishes it unwrapped
 * POST /v1.0-alpha1/publish/bulk/{pubsub}/{topic}    body = [{"entryId","event","contentType","metadata"}]
 * </pre>
 *
 * A publish answers 204 once the broker confirmed it. A bulk publish answers 204 when every entry was
 * published, else 500 {@code ERR_PUBSUB_PUBLISH_MESSAGE} with {@code failedEntries}, each with its
 * {@code entryId} and {@code error}; publishing those entries again is safe. An unknown pub/sub answers
 * 404 {@code ERR_PUBSUB_NOT_FOUND}, Dapr's code. A topic may contain slashes.
 */
public final class PubSubHttp implements HttpRoutes {
  static final String ERR_PUBSUB_NOT_FOUND = "ERR_PUBSUB_NOT_FOUND";
  static final String ERR_PUBSUB_PUBLISH_MESSAGE = "ERR_PUBSUB_PUBLISH_MESSAGE";
  private static final String METADATA_QUERY = "metadata.";

  private final PubSubService pubsub;

  public PubSubHttp(PubSubService pubsub) {
    this.pubsub = Objects.requireNonNull(pubsub, "pubsub");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> segments) {
    if (segments.size() >= 4 && segments.get(0).equals("v1.0") && segments.get(1).equals("publish")) {
      String name = segments.get(2);
      String topic = String.join("/", segments.subList(3, segments.size()));
      return route("/v1.0/publish/{pubsub}/{topic}", (req, body) -> publish(req, name, topic, body));
    }
    if (segments.size() >= 5 && segments.get(0).equals("v1.0-alpha1") && segments.get(1).equals("publish")
        && segments.get(2).equals("bulk")) {
      String name = segments.get(3);
      String topic = String.join("/", segments.subList(4, segments.size()));
      return route("/v1.0-alpha1/publish/bulk/{pubsub}/{topic}", (req, body) -> bulk(req, name, topic, body));
    }
    return Optional.empty();
  }

  private static Optional<HttpRoute> route(String template, HttpRoute.Handler handler) {
    return Optional.of(new HttpRoute(template, true, (req, body) -> {
      if (!req.method().equals(HttpMethods.POST)) {
        throw new CapaException(ErrorCode.METHOD_NOT_ALLOWED,
            req.method().name() + " is not allowed on " + req.getUri().path() + "; use POST");
      }
      return withDaprNotFound(handler.handle(req, body));
    }));
  }

  /** Dapr's code and status for an unknown pub/sub; other failures stay with the API's mapping. */
  private static CompletionStage<HttpResponse> withDaprNotFound(CompletionStage<HttpResponse> response) {
    return response.exceptionally(e -> {
      Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (t instanceof CapaException c && c.errorCode() == ErrorCode.COMPONENT_NOT_FOUND) {
        return HttpReplies.json(404, Map.of("errorCode", ERR_PUBSUB_NOT_FOUND, "message", c.getMessage()));
      }
      throw e instanceof CompletionException ce ? ce : new CompletionException(t);
    });
  }

  private CompletionStage<HttpResponse> publish(HttpRequest req, String name, String topic, byte[] body) {
    String contentType = req.entity().getContentType().toString();
    PublishRequest request = BlockJson.valid(() -> new PublishRequest(name, topic, body, contentType, queryMetadata(req)));
    return pubsub.publish(request).thenApply(id -> HttpReplies.noContent());
  }

  private CompletionStage<HttpResponse> bulk(HttpRequest req, String name, String topic, byte[] body) {
    JsonNode root;
    try {
      root = body.length == 0 ? null : HttpReplies.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the bulk publish body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the bulk publish body could not be read: " + e.getMessage());
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "the bulk publish body must be a non-empty JSON array of {entryId, event, contentType, metadata}");
    }
    List<BulkPublishEntry> entries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode e = root.get(i);
      String where = "entry " + i;
      if (!e.isObject()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, where + ": must be an object");
      }
      String entryId = textField(e, "entryId", where);
      if (!ids.add(entryId)) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, where + ": entryId '" + entryId + "' appears more than once");
      }
      String contentType = e.hasNonNull("contentType") ? textField(e, "contentType", where) : "application/json";
      JsonNode event = e.get("event");
      if (event == null || event.isNull()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, where + ": event is missing");
      }
      byte[] data = event.isTextual()
          ? event.asText().getBytes(StandardCharsets.UTF_8)
          : event.toString().getBytes(StandardCharsets.UTF_8);
      Map<String, String> metadata = BlockJson.stringMap(e, "metadata");
      entries.add(BlockJson.valid(() -> new BulkPublishEntry(entryId, data, contentType, metadata)));
    }
    BulkPublishRequest request = BlockJson.valid(() -> new BulkPublishRequest(name, topic, entries, queryMetadata(req)));
    return pubsub.bulkPublish(request).thenApply(PubSubHttp::bulkReply);
  }

  private static HttpResponse bulkReply(BulkPublishResponse response) {
    if (response.allPublished()) {
      return HttpReplies.noContent();
    }
    List<Map<String, String>> failed = new ArrayList<>();
    for (PublishOutcome.Failed f : response.failed()) {
      failed.add(Map.of("entryId", f.entryId(), "error", f.code().code() + ": " + f.message()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("failedEntries", failed);
    body.put("errorCode", ERR_PUBSUB_PUBLISH_MESSAGE);
    return HttpReplies.json(500, body);
  }

  private static String textField(JsonNode e, String field, String where) {
    JsonNode v = e.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, where + ": " + field + " must be a non-empty string");
    }
    return v.asText();
  }

  private static Map<String, String> queryMetadata(HttpRequest req) {
    Map<String, String> m = new LinkedHashMap<>();
    req.getUri().query().toMap().forEach((k, v) -> {
      if (k.startsWith(METADATA_QUERY) && k.length() > METADATA_QUERY.length()) {
        m.put(k.substring(METADATA_QUERY.length()), v);
      }
    });
    return m;
  }
}
