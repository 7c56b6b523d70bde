package io.capa.runtime.blocks;

import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.runtime.spi.HttpReplies;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One HTTP configuration subscription: takes one update at a time and pushes each of
 * its keys to the application; asks for the next update once the pushes are answered, so updates
 * that arrive meanwhile are merged per key by the subscription.
 */
final class ConfigurationPush implements Flow.Subscriber<ConfigurationUpdate> {
  private static final Logger log = LoggerFactory.getLogger(ConfigurationPush.class);
  private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

  private final String id;
  private final String store;
  private final URI app;
  private final Executor executor;
  private final Runnable onEnd;
  private final HttpClient client;
  private volatile Flow.Subscription subscription;
  private volatile boolean cancelled;

  ConfigurationPush(String id, String store, URI app, HttpClient client, Executor executor, Runnable onEnd) {
    this.id = id;
    this.store = store;
    this.app = app;
    this.client = client;
    this.executor = executor;
    this.onEnd = onEnd;
  }

  /** One client for every subscription: each JDK client has a selector thread of its own. */
  static HttpClient newClient(Executor executor) {
    return HttpClient.newBuilder().executor(executor).connectTimeout(PUSH_TIMEOUT).build();
  }

  String store() {
    return store;
  }

  void cancel() {
    cancelled = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(ConfigurationUpdate update) {
    List<CompletableFuture<?>> pushes = new ArrayList<>();
    update.changed().forEach((key, item) -> pushes.add(push(key, item)));
    for (String key : update.removed()) {
      pushes.add(push(key, new ConfigurationItem(key, "", Optional.empty(), Map.of())));
    }
    CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, e) -> {
      if (!cancelled) {
        subscription.request(1);
      }
    }, executor);
  }

  private CompletableFuture<?> push(String key, ConfigurationItem item) {
    byte[] body;
    try {
      body = HttpReplies.MAPPER.writeValueAsBytes(Map.of("id", id, "items", Map.of(key, ConfigurationHttp.itemJson(item))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    URI target = app.resolve("/configuration/" + encode(store) + "/" + encode(key));
    HttpRequest request = HttpRequest.newBuilder(target).timeout(PUSH_TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
      if (e != null || r.statusCode() / 100 != 2) {
        log.warn("pushing configuration key '{}' of store '{}' to {} failed: {}", key, store, target,
            e != null ? e.toString() : "status " + r.statusCode());
      }
      return null;
    });
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void onError(Throwable t) {
    log.warn("configuration subscription '{}' on store '{}' ended: {}", id, store, t.toString());
    onEnd.run();
  }

  @Override
  public void onComplete() {
    onEnd.run();
  }
}
