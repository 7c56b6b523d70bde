package io.capa.blocks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * INTERNAL API: Dapr's declarative subscriptions ({@code kind: Subscription} documents) in the
 * components folder, read once at start. Both shapes are read: {@code v1alpha1} ({@code
 * spec.route}) and {@code v2alpha1} ({@code spec.routes.default}). A subscription with {@code
 * scopes} applies only to the app ids listed. Each becomes an entry in the shape of {@code GET
 * /dapr/subscribe}'s answer; a document that is not usable is logged with its file and skipped.
 */
public final class DeclaredSubscriptions {
  private static final Logger log = LoggerFactory.getLogger(DeclaredSubscriptions.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeclaredSubscriptions() {}

  /** The subscriptions of {@code appId} declared in the {@code *.yaml}/{@code *.yml} files of {@code dir}. */
  public static List<JsonNode> read(Path dir, String appId) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing
          .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      log.warn("cannot list {} for subscriptions: {}", dir, e.toString());
      return List.of();
    }
    List<JsonNode> entries = new ArrayList<>();
    for (Path file : files) {
      try {
        String text = Files.readString(file);
        if (!text.contains("Subscription")) {
          continue; // Most files are components: skip parsing them twice.
        }
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
          if (doc == null) {
            continue;
          }
          JsonNode node = MAPPER.valueToTree(doc);
          if (!node.path("kind").asText().equals("Subscription")) {
            continue;
          }
          entry(node, appId, file).ifPresent(entries::add);
        }
      } catch (IOException | RuntimeException e) {
        log.warn("subscriptions in {} skipped: {}", file, e.getMessage());
      }
    }
    return entries;
  }

  private static java.util.Optional<JsonNode> entry(JsonNode doc, String appId, Path file) {
    JsonNode scopes = doc.path("scopes");
    if (scopes.isArray() && !scopes.isEmpty()) {
      boolean mine = false;
      for (JsonNode s : scopes) {
        mine |= s.asText().equals(appId);
      }
      if (!mine) {
        return java.util.Optional.empty();
      }
    }
    JsonNode spec = doc.path("spec");
    ObjectNode e = MAPPER.createObjectNode();
    String name = doc.path("metadata").path("name").asText("(unnamed)");
    String pubsub = spec.path("pubsubname").asText("");
    String topic = spec.path("topic").asText("");
    String route = spec.hasNonNull("route") ? spec.get("route").asText() : spec.path("routes").path("default").asText("");
    if (pubsub.isBlank() || topic.isBlank() || route.isBlank()) {
      log.warn("subscription '{}' in {} skipped: spec.pubsubname, spec.topic and spec.route (or routes.default) "
          + "are required", name, file);
      return java.util.Optional.empty();
    }
    e.put("pubsubname", pubsub);
    e.put("topic", topic);
    e.put("route", route);
    if (spec.hasNonNull("deadLetterTopic")) {
      e.put("deadLetterTopic", spec.get("deadLetterTopic").asText());
    }
    if (spec.path("metadata").isObject()) {
      e.set("metadata", spec.get("metadata"));
    }
    return java.util.Optional.of(e);
  }
}
