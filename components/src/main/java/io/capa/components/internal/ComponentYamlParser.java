package io.capa.components.internal;

import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * INTERNAL API: turns the text of one component file into {@link ComponentSpec}s. It reads
 * SnakeYAML's node tree rather than constructed objects, because nodes keep their line numbers and
 * never instantiate anything a tag names. Keys the runtime does not use (Dapr's {@code
 * metadata.namespace}, {@code spec.initTimeout}, labels ...) are accepted and ignored, so Dapr files
 * load unchanged; keys it does use must have the right shape.
 */
public final class ComponentYamlParser {
  private static final Logger log = LoggerFactory.getLogger(ComponentYamlParser.class);

  /** The {@code kind} of the documents this parser reads; other kinds are skipped. */
  public static final String COMPONENT_KIND = "Component";

  /** What a missing {@code spec.version} means, as in Dapr. */
  public static final String DEFAULT_VERSION = "v1";

  private final Path file;

  private ComponentYamlParser(Path file) {
    this.file = file;
  }

  /**
   * The components {@code yaml} defines, in file order.
   *
   * @throws ComponentParseException naming {@code file}, the line and the key at the first problem
   */
  public static List<ComponentSpec> parse(Path file, String yaml) {
    return new ComponentYamlParser(file).parse(yaml);
  }

  private List<ComponentSpec> parse(String yaml) {
    List<ComponentSpec> out = new ArrayList<>();
    Map<String, ComponentSpec> byName = new HashMap<>();
    try {
      int index = 0;
      for (Node document : new Yaml(new LoaderOptions()).composeAll(new StringReader(yaml))) {
        index++;
        ComponentSpec spec = document(document, index);
        if (spec == null) {
          continue;
        }
        ComponentSpec earlier = byName.putIfAbsent(spec.name(), spec);
        if (earlier != null) {
          throw fail(
              spec.line(),
              "metadata.name",
              "component '" + spec.name() + "' is already defined at line " + earlier.line());
        }
        out.add(spec);
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new ComponentParseException(
          new ComponentError(file, lineOf(mark), "", "not valid YAML: " + e.getProblem()), e);
    } catch (YAMLException e) {
      throw new ComponentParseException(
          new ComponentError(file, 0, "", "not valid YAML: " + e.getMessage()), e);
    }
    return out;
  }

  /** The component {@code node} defines, or null when the document is empty or of another kind. */
  private ComponentSpec document(Node node, int index) {
    if (isNull(node)) {
      return null;
    }
    MappingNode root = mapping(node, "", "a component document (apiVersion, kind, metadata, spec)");
    Map<String, Node> top = entries(root, "");
    Node kindNode = top.get("kind");
    if (kindNode == null) {
      throw fail(line(root), "kind", "missing; a component document needs 'kind: " + COMPONENT_KIND + "'");
    }
    String kind = text(kindNode, "kind");
    if (!COMPONENT_KIND.equals(kind)) {
      // A Dapr folder also holds Configuration, Subscription, Resiliency ... documents.
      log.debug("{}: document {} has kind '{}', not a component; skipped", file, index, kind);
      return null;
    }
    MappingNode metadata = mapping(require(top, root, "", "metadata"), "metadata", "a mapping");
    Map<String, Node> meta = entries(metadata, "metadata");
    String name = text(require(meta, metadata, "metadata", "name"), "metadata.name");
    MappingNode specNode = mapping(require(top, root, "", "spec"), "spec", "a mapping");
    Map<String, Node> spec = entries(specNode, "spec");
    String type = text(require(spec, specNode, "spec", "type"), "spec.type");
    Node versionNode = spec.get("version");
    String version =
        versionNode == null || isNull(versionNode) ? DEFAULT_VERSION : text(versionNode, "spec.version");
    Map<String, MetadataValue> values = metadataList(spec.get("metadata"));
    List<String> scopes = scopes(top.get("scopes"));
    Optional<String> secretStore = secretStore(top.get("auth"));
    return new ComponentSpec(name, type, version, values, scopes, secretStore, file, line(root));
  }

  private Map<String, MetadataValue> metadataList(Node node) {
    Map<String, MetadataValue> out = new LinkedHashMap<>();
    if (node == null || isNull(node)) {
      return out;
    }
    if (!(node instanceof SequenceNode)) {
      throw fail(line(node), "spec.metadata", "expected a list of {name, value} entries, got " + describe(node));
    }
    List<Node> items = ((SequenceNode) node).getValue();
    for (int i = 0; i < items.size(); i++) {
      String key = "spec.metadata[" + i + "]";
      MappingNode item = mapping(items.get(i), key, "a {name, value} entry");
      Map<String, Node> fields = entries(item, key);
      String name = text(require(fields, item, key, "name"), key + ".name");
      Node value = fields.get("value");
      Node ref = fields.get("secretKeyRef");
      MetadataValue parsed;
      if (value != null && ref != null) {
        throw fail(line(item), key, "has both 'value' and 'secretKeyRef'; give one");
      } else if (value != null) {
        parsed = new MetadataValue.Plain(isNull(value) ? "" : scalar(value, key + ".value"));
      } else if (ref != null) {
        parsed = secretRef(ref, key + ".secretKeyRef");
      } else {
        throw fail(line(item), key, "needs 'value' or 'secretKeyRef'");
      }
      if (out.putIfAbsent(name, parsed) != null) {
        throw fail(line(item), key, "metadata '" + name + "' is given twice");
      }
    }
    return out;
  }

  private MetadataValue.SecretRef secretRef(Node node, String key) {
    MappingNode ref = mapping(node, key, "a mapping {name, key}");
    Map<String, Node> fields = entries(ref, key);
    String name = text(require(fields, ref, key, "name"), key + ".name");
    Node keyNode = fields.get("key");
    String secretKey = keyNode == null || isNull(keyNode) ? name : text(keyNode, key + ".key");
    return new MetadataValue.SecretRef(name, secretKey);
  }

  private List<String> scopes(Node node) {
    List<String> out = new ArrayList<>();
    if (node == null || isNull(node)) {
      return out;
    }
    if (!(node instanceof SequenceNode)) {
      throw fail(line(node), "scopes", "expected a list of app ids, got " + describe(node));
    }
    List<Node> items = ((SequenceNode) node).getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(text(items.get(i), "scopes[" + i + "]"));
    }
    return out;
  }

  private Optional<String> secretStore(Node node) {
    if (node == null || isNull(node)) {
      return Optional.empty();
    }
    MappingNode auth = mapping(node, "auth", "a mapping");
    Node store = entries(auth, "auth").get("secretStore");
    return store == null || isNull(store) ? Optional.empty() : Optional.of(text(store, "auth.secretStore"));
  }

  private Map<String, Node> entries(MappingNode mapping, String prefix) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      String where = prefix.isEmpty() ? "" : prefix;
      if (!(keyNode instanceof ScalarNode)) {
        throw fail(line(keyNode), where, "keys must be plain names");
      }
      String name = ((ScalarNode) keyNode).getValue();
      if (out.putIfAbsent(name, tuple.getValueNode()) != null) {
        throw fail(line(keyNode), prefix.isEmpty() ? name : prefix + "." + name, "duplicate key");
      }
    }
    return out;
  }

  private Node require(Map<String, Node> fields, Node parent, String prefix, String name) {
    Node node = fields.get(name);
    String key = prefix.isEmpty() ? name : prefix + "." + name;
    if (node == null || isNull(node)) {
      throw fail(line(node == null ? parent : node), key, "missing");
    }
    return node;
  }

  private MappingNode mapping(Node node, String key, String expected) {
    if (!(node instanceof MappingNode)) {
      throw fail(line(node), key, "expected " + expected + ", got " + describe(node));
    }
    return (MappingNode) node;
  }

  /** A scalar that may be empty (metadata values may legitimately be {@code ""}). */
  private String scalar(Node node, String key) {
    if (!(node instanceof ScalarNode) || isNull(node)) {
      throw fail(line(node), key, "expected a single value, got " + describe(node));
    }
    return ((ScalarNode) node).getValue();
  }

  private String text(Node node, String key) {
    String value = scalar(node, key);
    if (value.isBlank()) {
      throw fail(line(node), key, "must not be empty");
    }
    return value;
  }

  private ComponentParseException fail(int line, String key, String problem) {
    return new ComponentParseException(new ComponentError(file, line, key, problem));
  }

  private static boolean isNull(Node node) {
    return Tag.NULL.equals(node.getTag());
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(node)) {
      return "nothing";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }

  private static int line(Node node) {
    return lineOf(node.getStartMark());
  }

  private static int lineOf(Mark mark) {
    return mark == null ? 0 : mark.getLine() + 1;
  }
}
