package io.capa.runtime.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.BulkPublishEntry;
import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.PublishRequest;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Publishing over HTTP, on Dapr's path:
 *
 * <pre>
 * POST /v1.0/publish/{pubsub}/{topic}[?metadata.rawPayload=true&amp;metadata.k=v]   body = the data  → 204
 * POST /v1.0-alpha1/publish/bulk/{pubsub}/{topic}[?metadata.k=v]
 *      [{"entryId","event","contentType","metadata"}]  → 204, or 500 {"failedEntries":[{"entryId","error","errorCode"}]}
 * </pre>
 *
 * The request's {@code Content-Type} becomes the message's content type ({@code
 * application/cloudevents+json}: the body already is an envelope). Query parameters named {@code
 * metadata.<key>} become the publish metadata. In a bulk entry, an {@code event} that is a JSON
 * string is sent as its text unless the entry's {@code contentType} is JSON; any other value as its
 * JSON text; {@code contentType} defaults to {@code application/json}. Entries fail on their own:
 * the answer lists those that were not published (publishing them again is safe). Subscriptions are not made over this API: the
 * runtime delivers to the application's routes (see the building blocks runtime).
 */
public final class PubSubHttp implements HttpRoutes {
  private static final String TEMPLATE = "/v1.0/publish/{pubsub}/{topic}";
  private static final String BULK = "/v1.0-alpha1/publish/bulk/{pubsub}/{topic}";
  private static final String METADATA = "metadata.";

  private final PubSubService pubSub;

  public PubSubHttp(PubSubService pubSub) {
    this.pubSub = Objects.requireNonNull(pubSub, "pubSub");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> s) {
    if (s.size() == 4 && s.get(0).equals("v1.0") && s.get(1).equals("publish")) {
      String pubsub = s.get(2);
      String topic = s.get(3);
      return Optional.of(new HttpRoute(TEMPLATE, true, (r, body) -> publish(r, pubsub, topic, body)));
    }
    if (s.size() == 5 && s.get(0).equals("v1.0-alpha1") && s.get(1).equals("publish") && s.get(2).equals("bulk")) {
      String pubsub = s.get(3);
      String topic = s.get(4);
      return Optional.of(new HttpRoute(BULK, true, (r, body) -> bulk(r, pubsub, topic, body)));
    }
    return Optional.empty();
  }

  private CompletionStage<HttpResponse> bulk(HttpRequest r, String pubsub, String topic, byte[] body) {
    BlockJson.requirePost(r);
    JsonNode list;
    try {
      list = HttpReplies.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "a bulk publish body must be a JSON array of entries: "
          + e.getMessage());
    }
    if (list == null || !list.isArray()) {
      throw new CapaException(ErrorCode.MALFORMED_JSON,
          "a bulk publish body must be a JSON array of {entryId, event, contentType, metadata}");
    }
    List<BulkPublishEntry> entries = new ArrayList<>();
    int i = 0;
    for (JsonNode e : list) {
      String at = "entry " + i++;
      if (!e.isObject()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, at + ": must be an object");
      }
      String entryId = BlockJson.text(e, "entryId");
      String contentType = e.hasNonNull("contentType") ? BlockJson.text(e, "contentType") : "application/json";
      JsonNode event = e.get("event");
      if (event == null || event.isNull()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, at + " (" + entryId + "): event is missing");
      }
      byte[] data = event.isTextual() && !contentType.toLowerCase(Locale.ROOT).contains("json")
          ? event.asText().getBytes(StandardCharsets.UTF_8)
          : event.toString().getBytes(StandardCharsets.UTF_8);
      Map<String, String> metadata = BlockJson.stringMap(e, "metadata");
      entries.add(BlockJson.valid(() -> new BulkPublishEntry(entryId, data, contentType, metadata)));
    }
    Map<String, String> metadata = metadata(r);
    BulkPublishRequest request = BlockJson.valid(() -> new BulkPublishRequest(pubsub, topic, entries, metadata));
    return pubSub.bulkPublish(request).thenApply(response -> {
      if (response.allPublished()) {
        return HttpReplies.noContent();
      }
      List<Map<String, String>> failed = response.failed().stream()
          .map(f -> Map.of("entryId", f.entryId(), "error", f.message(), "errorCode", f.code().code()))
          .toList();
      return HttpReplies.json(500, Map.of("failedEntries", failed));
    });
  }

  private static Map<String, String> metadata(HttpRequest r) {
    Map<String, String> metadata = new LinkedHashMap<>();
    r.getUri().query().toMultiMap().forEach((name, values) -> {
      if (name.startsWith(METADATA) && name.length() > METADATA.length() && !values.isEmpty()) {
        metadata.put(name.substring(METADATA.length()), values.get(values.size() - 1));
      }
    });
    return metadata;
  }

  private CompletionStage<HttpResponse> publish(HttpRequest r, String pubsub, String topic, byte[] body) {
    BlockJson.requirePost(r);
    Map<String, String> metadata = metadata(r);
    String contentType = r.entity().getContentType().mediaType().toString();
    PublishRequest request = BlockJson.valid(() -> new PublishRequest(pubsub, topic, body, contentType, metadata));
    return pubSub.publish(request).thenApply(id -> HttpReplies.noContent());
  }
}
