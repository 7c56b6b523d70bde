package io.capa.capnp.wire.schema;

import java.util.List;
import java.util.Objects;

/** An interface node: its id and methods (index = method id on the wire). */
public record InterfaceSchema(long id, String displayName, List<Method> methods, List<Long> superclasses) {
  public InterfaceSchema {
    Objects.requireNonNull(displayName, "displayName");
    methods = List.copyOf(methods);
    superclasses = List.copyOf(superclasses);
  }

  /** A method: ordinal, name, and the ids of its parameter and result structs. */
  public record Method(int ordinal, String name, long paramStructId, long resultStructId) {
    public Method {
      Objects.requireNonNull(name, "name");
    }
  }
}
