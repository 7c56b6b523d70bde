package io.capa.capnp.wire.schema;

import java.util.List;
import java.util.Objects;

/** An enum node: enumerant names in ordinal order. */
public record EnumSchema(long id, String displayName, List<String> enumerants) {
  public EnumSchema {
    Objects.requireNonNull(displayName, "displayName");
    enumerants = List.copyOf(enumerants);
  }

  /** Ordinal of {@code name}, or -1. */
  public int ordinalOf(String name) {
    return enumerants.indexOf(name);
  }
}
