package io.capa.runtime.blocks;

import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.PublishRequest;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.util.LinkedHashMap;
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
 * </pre>
 *
 * The request's {@code Content-Type} becomes the message's content type ({@code
 * application/cloudevents+json}: the body already is an envelope). Query parameters named {@code
 * metadata.<key>} become the publish metadata. Subscriptions are not made over this API: the
 * runtime delivers to the application's routes (see the building blocks runtime).
 */
public final class PubSubHttp implements HttpRoutes {
  private static final String TEMPLATE = "/v1.0/publish/{pubsub}/{topic}";
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
    return Optional.empty();
  }

  private CompletionStage<HttpResponse> publish(HttpRequest r, String pubsub, String topic, byte[] body) {
    BlockJson.requirePost(r);
    Map<String, String> metadata = new LinkedHashMap<>();
    r.getUri().query().toMultiMap().forEach((name, values) -> {
      if (name.startsWith(METADATA) && name.length() > METADATA.length() && !values.isEmpty()) {
        metadata.put(name.substring(METADATA.length()), values.get(values.size() - 1));
      }
    });
    String contentType = r.entity().getContentType().mediaType().toString();
    PublishRequest request = BlockJson.valid(() -> new PublishRequest(pubsub, topic, body, contentType, metadata));
    return pubSub.publish(request).thenApply(id -> HttpReplies.noContent());
  }
}
