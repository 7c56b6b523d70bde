package io.capa.configuration.internal;

import io.capa.api.configuration.ConfigurationItem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * INTERNAL API. Reads the items of a {@code configuration.file} document:
 *
 * <pre>
 * greeting: hello                  # key → value
 * limits.max: 10                   # scalars are kept as their text
 * feature:                         # key → value with version and metadata
 *   value: "on"
 *   version: "3"
 *   metadata: {owner: team-a}
 * </pre>
 */
final class ConfigurationYaml {
  private static final int MAX_ALIASES = 50;

  private ConfigurationYaml() {}

  /** @throws IllegalArgumentException naming the file, and the line where the YAML parser can tell */
  static Map<String, ConfigurationItem> parse(byte[] bytes, String source) {
    Object doc;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(MAX_ALIASES);
      doc = new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
    } catch (MarkedYAMLException e) {
      throw new IllegalArgumentException(source + ":" + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    Map<String, ConfigurationItem> items = new LinkedHashMap<>();
    if (doc == null) {
      return items;
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + ": expected a mapping of key to value, got a " + kind(doc));
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String || e.getKey() instanceof Number || e.getKey() instanceof Boolean)
          || String.valueOf(e.getKey()).isBlank()) {
        throw new IllegalArgumentException(source + ": key " + e.getKey() + " is not a non-empty text");
      }
      String key = String.valueOf(e.getKey());
      items.put(key, item(key, e.getValue(), source));
    }
    return items;
  }

  private static ConfigurationItem item(String key, Object v, String source) {
    if (v == null) {
      return ConfigurationItem.of(key, "");
    }
    if (!(v instanceof Map<?, ?> m)) {
      if (v instanceof java.util.List<?>) {
        throw new IllegalArgumentException(source + ": '" + key + "' is a list; a value must be text or {value, version, metadata}");
      }
      return ConfigurationItem.of(key, String.valueOf(v));
    }
    for (Object field : m.keySet()) {
      if (!"value".equals(field) && !"version".equals(field) && !"metadata".equals(field)) {
        throw new IllegalArgumentException(source + ": '" + key + "' has unknown field '" + field
            + "'; expected value, version, metadata");
      }
    }
    Object value = m.get("value");
    if (value instanceof Map<?, ?> || value instanceof java.util.List<?>) {
      throw new IllegalArgumentException(source + ": '" + key + ".value' must be text");
    }
    Object version = m.get("version");
    Map<String, String> metadata = new LinkedHashMap<>();
    Object md = m.get("metadata");
    if (md != null) {
      if (!(md instanceof Map<?, ?> mdMap)) {
        throw new IllegalArgumentException(source + ": '" + key + ".metadata' must be a mapping");
      }
      mdMap.forEach((mk, mv) -> metadata.put(String.valueOf(mk), String.valueOf(mv)));
    }
    return new ConfigurationItem(key, value == null ? "" : String.valueOf(value),
        version == null ? Optional.empty() : Optional.of(String.valueOf(version)), metadata);
  }

  private static String kind(Object o) {
    return o instanceof java.util.List<?> ? "list" : "scalar";
  }
}
