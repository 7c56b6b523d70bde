package io.capa.pubsub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.TopicMessage;
import io.capa.pubsub.internal.CloudEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Delivers to an HTTP route of the app, as Dapr does: {@code POST http://127.0.0.1:{appPort}/{route}}
 * with the CloudEvent as {@code application/cloudevents+json}. The answer settles the message: a 2xx
 * with {@code {"status":"SUCCESS"}} or no recognisable status is a success, {@code "RETRY"} and
 * {@code "DROP"} are what they say, 404 drops, and any other status (or no answer in time) retries.
 */
public final class HttpRouteTarget implements SubscriptionTarget {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client;
  private final URI uri;
  private final Duration timeout;

  public HttpRouteTarget(String host, int appPort, String route, Duration timeout, Executor executor) {
    Objects.requireNonNull(route, "route");
    this.uri = URI.create("http://" + host + ":" + appPort + "/" + (route.startsWith("/") ? route.substring(1) : route));
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
        .connectTimeout(timeout).build();
  }

  @Override
  public CompletionStage<Settlement> deliver(TopicMessage message) {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", CloudEvents.CLOUDEVENTS_JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(CloudEvents.toJson(message)))
        .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(HttpRouteTarget::settlement)
        .exceptionally(e -> Settlement.RETRY);
  }

  static Settlement settlement(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 404) {
      return Settlement.DROP;
    }
    if (status < 200 || status > 299) {
      return Settlement.RETRY;
    }
    byte[] body = response.body();
    if (body == null || body.length == 0) {
      return Settlement.SUCCESS;
    }
    try {
      JsonNode json = MAPPER.readTree(body);
      JsonNode s = json == null ? null : json.get("status");
      if (s == null || !s.isTextual()) {
        return Settlement.SUCCESS;
      }
      return switch (s.asText().toUpperCase(Locale.ROOT)) {
        case "RETRY" -> Settlement.RETRY;
        case "DROP" -> Settlement.DROP;
        default -> Settlement.SUCCESS;
      };
    } catch (IOException notJson) {
      return Settlement.SUCCESS;
    }
  }
}
