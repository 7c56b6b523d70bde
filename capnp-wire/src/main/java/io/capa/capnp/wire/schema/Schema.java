package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.MessageReader;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The nodes of a CodeGeneratorRequest (what {@code capnp compile -o-} writes), indexed
 * by id. It keeps the request's {@link MessageReader} alive because default values are
 * read from it in place.
 */
public final class Schema {
  private final Map<Long, Node> nodes;
  private final List<RequestedFile> requestedFiles;
  private final MessageReader request;

  /** A file named on the command line, with its imports (id to import name). */
  public record RequestedFile(long id, String filename, Map<Long, String> imports) {
    public RequestedFile {
      imports = Map.copyOf(imports);
    }
  }

  Schema(Map<Long, Node> nodes, List<RequestedFile> requestedFiles, MessageReader request) {
    this.nodes = Map.copyOf(nodes);
    this.requestedFiles = List.copyOf(requestedFiles);
    this.request = request;
  }

  /** Loads a CodeGeneratorRequest (schema.capnp) message. */
  public static Schema load(MessageReader request) {
    return SchemaLoader.load(request);
  }

  public MessageReader request() {
    return request;
  }

  public Map<Long, Node> nodes() {
    return nodes;
  }

  public List<RequestedFile> requestedFiles() {
    return requestedFiles;
  }

  public Optional<Node> node(long id) {
    return Optional.ofNullable(nodes.get(id));
  }

  private <T> T detail(long id, Class<T> type) {
    Node n = nodes.get(id);
    if (n == null || !type.isInstance(n.detail())) {
      throw new NoSuchElementException("no " + type.getSimpleName() + " with id 0x" + Long.toHexString(id));
    }
    return type.cast(n.detail());
  }

  public StructSchema struct(long id) {
    return detail(id, StructSchema.class);
  }

  public EnumSchema enumeration(long id) {
    return detail(id, EnumSchema.class);
  }

  public InterfaceSchema iface(long id) {
    return detail(id, InterfaceSchema.class);
  }

  /**
   * Finds a type by dotted name ({@code Outer.Inner}) inside the first requested file
   * (or any file if there is none).
   */
  public Node findType(String dottedName) {
    for (RequestedFile f : requestedFiles) {
      Node found = findIn(nodes.get(f.id()), dottedName);
      if (found != null) {
        return found;
      }
    }
    for (Node n : nodes.values()) {
      if (n.kind() == Node.Kind.FILE) {
        Node found = findIn(n, dottedName);
        if (found != null) {
          return found;
        }
      }
    }
    throw new NoSuchElementException("no type named " + dottedName + " in the schema");
  }

  private Node findIn(Node scope, String dottedName) {
    Node current = scope;
    for (String part : dottedName.split("\\.")) {
      if (current == null) {
        return null;
      }
      Long id = current.nested().get(part);
      current = id == null ? null : nodes.get(id);
    }
    return current;
  }
}
