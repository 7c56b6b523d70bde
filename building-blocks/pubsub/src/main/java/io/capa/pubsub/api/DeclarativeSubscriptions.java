package io.capa.pubsub.api;

import io.capa.api.pubsub.Subscription;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Dapr's declarative subscriptions, read from the components folder next to the components:
 *
 * <pre>
 * apiVersion: dapr.io/v2alpha1        (v1alpha1 with spec.route also accepted)
 * kind: Subscription
 * metadata: {name: orders-sub}
 * spec:
 *   pubsubname: orders-bus
 *   topic: orders
 *   routes: {default: /orders}
 *   deadLetterTopic: orders-dead       (optional)
 *   metadata: {maxRetries: "5"}        (optional; the subscription's metadata)
 * scopes: [checkout]                   (optional; the app ids it applies to)
 * </pre>
 *
 * Documents of other kinds are skipped. A bad document is reported with its file and position and
 * the others still load. Route rules ({@code spec.routes.rules}) are not supported: such a
 * subscription is refused rather than delivering everything to the default route.
 */
public final class DeclarativeSubscriptions {
  private DeclarativeSubscriptions() {}

  /** One declared subscription for this app: where its messages go in the app. */
  public record Declared(String name, Subscription subscription, String route, Path source) {}

  /** What a folder declares for one app, and what could not be read. */
  public record Loaded(List<Declared> subscriptions, List<String> errors) {
    public Loaded {
      subscriptions = List.copyOf(subscriptions);
      errors = List.copyOf(errors);
    }
  }

  public static Loaded load(Path folder, String appId) throws IOException {
    List<Declared> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
    }
    for (Path file : files) {
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int index = 0;
        for (Object doc : yaml.loadAll(r)) {
          index++;
          String where = file + " (document " + index + ")";
          if (!(doc instanceof Map<?, ?> m) || !"Subscription".equals(m.get("kind"))) {
            continue;
          }
          try {
            parse(m, appId, file).ifPresent(found::add);
          } catch (IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage());
          }
        }
      } catch (RuntimeException e) {
        errors.add(file + ": not YAML: " + e.getMessage());
      }
    }
    return new Loaded(found, errors);
  }

  private static Optional<Declared> parse(Map<?, ?> doc, String appId, Path file) {
    Object api = doc.get("apiVersion");
    boolean v2 = "dapr.io/v2alpha1".equals(api);
    if (!v2 && !"dapr.io/v1alpha1".equals(api)) {
      throw new IllegalArgumentException("apiVersion: expected dapr.io/v2alpha1 or dapr.io/v1alpha1, got " + api);
    }
    String name = text(map(doc.get("metadata"), "metadata"), "name", "metadata.name");
    Object scopes = doc.get("scopes");
    if (scopes != null) {
      if (!(scopes instanceof List<?> l)) {
        throw new IllegalArgumentException("scopes: must be a list of app ids");
      }
      if (!l.isEmpty() && !l.contains(appId)) {
        return Optional.empty();
      }
    }
    Map<?, ?> spec = map(doc.get("spec"), "spec");
    String route;
    if (v2) {
      Map<?, ?> routes = map(spec.get("routes"), "spec.routes");
      if (routes.get("rules") != null) {
        throw new IllegalArgumentException("spec.routes.rules: route rules are not supported; use routes.default");
      }
      route = text(routes, "default", "spec.routes.default");
    } else {
      route = text(spec, "route", "spec.route");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    Object md = spec.get("metadata");
    if (md != null) {
      map(md, "spec.metadata").forEach((k, v) -> {
        if (v == null || v instanceof Map || v instanceof List) {
          throw new IllegalArgumentException("spec.metadata." + k + ": must be a plain value");
        }
        metadata.put(String.valueOf(k), String.valueOf(v));
      });
    }
    Optional<String> deadLetter = Optional.ofNullable(spec.get("deadLetterTopic")).map(String::valueOf);
    Subscription subscription = new Subscription(text(spec, "pubsubname", "spec.pubsubname"),
        text(spec, "topic", "spec.topic"), deadLetter, metadata);
    return Optional.of(new Declared(name, subscription, route, file));
  }

  private static Map<?, ?> map(Object v, String key) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(key + ": " + (v == null ? "missing" : "must be a mapping"));
    }
    return m;
  }

  private static String text(Map<?, ?> m, String field, String key) {
    Object v = m.get(field);
    if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException(key + ": " + (v == null ? "missing" : "must be a non-empty string"));
    }
    return String.valueOf(v);
  }
}
