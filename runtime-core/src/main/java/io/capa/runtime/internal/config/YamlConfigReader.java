package io.capa.runtime.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.capa.runtime.api.ConfigException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * INTERNAL API: reads the user's YAML file into a {@link Config} holding only the HOCON paths it
 * sets. It works on SnakeYAML's node tree rather than on constructed objects, because nodes keep
 * their line numbers and never instantiate anything named by a tag.
 */
public final class YamlConfigReader {
  private final String source;

  private YamlConfigReader(String source) {
    this.source = source;
  }

  /** Parses {@code yaml}; {@code source} names it in error messages (usually the file name). */
  public static Config read(String yaml, String source) {
    return new YamlConfigReader(source).read(yaml);
  }

  private Config read(String yaml) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new ConfigException(source, lineOf(mark), "", "invalid YAML: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new ConfigException(source, 0, "", "invalid YAML: " + e.getMessage(), e);
    }
    Config out = ConfigFactory.empty(source);
    if (root == null || Tag.NULL.equals(root.getTag())) {
      return out;
    }
    if (!(root instanceof MappingNode)) {
      throw new ConfigException(
          source, line(root), "", "expected a mapping of settings, got " + ValueType.describe(root));
    }
    return walk((MappingNode) root, "", out);
  }

  private Config walk(MappingNode mapping, String prefix, Config out) {
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode)) {
        throw new ConfigException(source, line(keyNode), prefix, "keys must be plain names");
      }
      String name = ((ScalarNode) keyNode).getValue();
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      if (!seen.add(name)) {
        throw new ConfigException(source, line(keyNode), key, "duplicate key");
      }
      Node value = tuple.getValueNode();
      ConfigKeys.Key leaf = ConfigKeys.BY_YAML.get(key);
      if (leaf != null) {
        out = out.withValue(leaf.hocon(), ConfigValueFactory.fromAnyRef(convert(leaf, key, value), origin(value)));
      } else if (ConfigKeys.SECTIONS.containsKey(key)) {
        out = section(key, value, out);
      } else {
        throw new ConfigException(
            source,
            line(keyNode),
            key,
            "unknown key (known keys" + (prefix.isEmpty() ? "" : " under " + prefix) + ": "
                + String.join(", ", ConfigKeys.SECTIONS.get(prefix)) + ")");
      }
    }
    return out;
  }

  private Config section(String key, Node value, Config out) {
    if (value instanceof MappingNode) {
      return walk((MappingNode) value, key, out);
    }
    if (Tag.NULL.equals(value.getTag())) {
      return out; // "sidecar:" with nothing under it sets nothing
    }
    throw new ConfigException(
        source, line(value), key, "expected a mapping of settings, got " + ValueType.describe(value));
  }

  private Object convert(ConfigKeys.Key leaf, String key, Node value) {
    try {
      return leaf.type().convert(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source, line(value), key, e.getMessage(), e);
    }
  }

  private String origin(Node node) {
    return source + ": " + line(node);
  }

  private static int line(Node node) {
    return lineOf(node.getStartMark());
  }

  private static int lineOf(Mark mark) {
    return mark == null ? 0 : mark.getLine() + 1;
  }
}
