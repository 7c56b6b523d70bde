package io.capa.runtime.blocks;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationService;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.Pair;

/**
 * The configuration building block on Dapr's paths ({@code v1.0} and {@code v1.0-alpha1} alike):
 *
 * <pre>
 * GET /v1.0/configuration/{store}?key=a&amp;key=b&amp;metadata.x=y  → {"a":{"value","version","metadata"},...}
 * GET /v1.0/configuration/{store}/subscribe?key=a                → {"id":"..."}
 * GET /v1.0/configuration/{store}/{id}/unsubscribe               → {"ok":true}
 * </pre>
 *
 * No {@code key} means every key. A subscription made over HTTP pushes each change to the
 * application, as Dapr does: {@code POST {app}/configuration/{store}/{key}} with {@code
 * {"id","items":{key:{...}}}}, one request per changed key, the next update only after the previous
 * pushes were answered (slow applications get the latest value per key, not every intermediate
 * one). A removed key is pushed with an empty value and version. Without an application endpoint,
 * subscribing over HTTP fails with {@code ERR_NOT_SUPPORTED}.
 */
public final class ConfigurationHttp implements HttpRoutes {
  private final ConfigurationService configuration;
  private final Optional<URI> app;
  private final Executor executor;
  private final ConcurrentMap<String, ConfigurationPush> subscriptions = new ConcurrentHashMap<>();
  private final java.net.http.HttpClient client;

  /**
   * @param app where the application listens for pushed changes ({@code http://127.0.0.1:3000}),
   *     empty when it does not
   * @param executor runs the pushes' continuations
   */
  public ConfigurationHttp(ConfigurationService configuration, Optional<URI> app, Executor executor) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.app = Objects.requireNonNull(app, "app");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.client = ConfigurationPush.newClient(executor);
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> s) {
    if (s.size() < 3 || !(s.get(0).equals("v1.0") || s.get(0).equals("v1.0-alpha1")) || !s.get(1).equals("configuration")) {
      return Optional.empty();
    }
    String v = "/" + s.get(0) + "/configuration/{store}";
    String store = s.get(2);
    if (s.size() == 3) {
      return Optional.of(new HttpRoute(v, false, (r, body) -> get(r, store)));
    }
    if (s.size() == 4 && s.get(3).equals("subscribe")) {
      return Optional.of(new HttpRoute(v + "/subscribe", false, (r, body) -> subscribe(r, store)));
    }
    if (s.size() == 5 && s.get(4).equals("unsubscribe")) {
      String id = s.get(3);
      return Optional.of(new HttpRoute(v + "/{id}/unsubscribe", false, (r, body) -> unsubscribe(r, store, id)));
    }
    return Optional.empty();
  }

  private static ConfigurationRequest request(HttpRequest r, String store) {
    List<String> keys = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Pair<String, String> p : r.getUri().query().toList()) {
      if (p.first().equals("key")) {
        keys.add(p.second());
      } else if (p.first().startsWith("metadata.") && p.first().length() > "metadata.".length()) {
        metadata.put(p.first().substring("metadata.".length()), p.second());
      }
    }
    return BlockJson.valid(() -> new ConfigurationRequest(store, keys, metadata));
  }

  private CompletionStage<HttpResponse> get(HttpRequest r, String store) {
    BlockJson.requireMethod(r, "GET");
    return configuration.get(request(r, store)).thenApply(items -> {
      Map<String, Object> out = new LinkedHashMap<>();
      items.forEach((k, item) -> out.put(k, itemJson(item)));
      return HttpReplies.json(200, out);
    });
  }

  static Map<String, Object> itemJson(ConfigurationItem item) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", item.value());
    m.put("version", item.version().orElse(""));
    m.put("metadata", item.metadata());
    return m;
  }

  private CompletionStage<HttpResponse> subscribe(HttpRequest r, String store) {
    BlockJson.requireMethod(r, "GET");
    ConfigurationRequest request = request(r, store);
    if (app.isEmpty()) {
      throw new CapaException(ErrorCode.NOT_SUPPORTED,
          "subscribing over HTTP pushes changes to the application, and no application endpoint is configured;"
              + " subscribe through the SDK instead");
    }
    // one read first, so that an unknown or failing store is the answer to this call, not a silent push-less id
    return configuration.get(request).thenApply(current -> {
      String id = UUID.randomUUID().toString();
      ConfigurationPush push = new ConfigurationPush(id, store, app.get(), client, executor, () -> subscriptions.remove(id));
      subscriptions.put(id, push);
      configuration.subscribe(request).subscribe(push);
      return HttpReplies.json(200, Map.of("id", id));
    });
  }

  private CompletionStage<HttpResponse> unsubscribe(HttpRequest r, String store, String id) {
    BlockJson.requireMethod(r, "GET");
    ConfigurationPush push = subscriptions.get(id);
    if (push == null || !push.store().equals(store)) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "no configuration subscription '" + id + "' on store '" + store + "'");
    }
    subscriptions.remove(id);
    push.cancel();
    return HttpReplies.done(HttpReplies.json(200, Map.of("ok", true)));
  }

  /** Ends every subscription made over HTTP; for shutdown. */
  public void close() {
    subscriptions.values().forEach(ConfigurationPush::cancel);
    subscriptions.clear();
  }
}
