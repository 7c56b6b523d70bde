package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.StructReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One schema node of a CodeGeneratorRequest, with its kind-specific part in
 * {@code detail}: a {@link StructSchema}, {@link EnumSchema}, {@link InterfaceSchema},
 * {@link ConstSchema}, or null for files and annotations.
 */
public record Node(long id, String displayName, int displayNamePrefixLength, long scopeId, Kind kind,
    Map<String, Long> nested, List<Annotation> annotations, boolean isGeneric, Object detail) {
  public enum Kind { FILE, STRUCT, ENUM, INTERFACE, CONST, ANNOTATION }

  /** An annotation application: the annotation's node id and its value (schema.capnp Value). */
  public record Annotation(long id, StructReader value) {
  }

  public Node {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(kind, "kind");
    nested = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nested));
    annotations = List.copyOf(annotations);
  }

  /** The name without its file prefix, e.g. {@code Outer.Inner}. */
  public String shortName() {
    return displayName.substring(Math.min(displayNamePrefixLength, displayName.length()));
  }
}
