package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.StructReader;
import java.util.Objects;

/** A constant: its type and its value (a schema.capnp {@code Value} reader). */
public record ConstSchema(long id, String displayName, Type type, StructReader value) {
  public ConstSchema {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
