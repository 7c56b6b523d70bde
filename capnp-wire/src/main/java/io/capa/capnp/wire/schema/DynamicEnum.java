package io.capa.capnp.wire.schema;

import java.util.Objects;

/** An enum value read dynamically; the ordinal may be unknown to the schema (newer writer). */
public record DynamicEnum(EnumSchema schema, int ordinal) {
  public DynamicEnum {
    Objects.requireNonNull(schema, "schema");
    if (ordinal < 0 || ordinal > 0xFFFF) {
      throw new IllegalArgumentException("enum ordinal out of range: " + ordinal);
    }
  }

  /** The enumerant's name, or empty if the schema does not know this ordinal. */
  public java.util.Optional<String> name() {
    return ordinal < schema.enumerants().size()
        ? java.util.Optional.of(schema.enumerants().get(ordinal)) : java.util.Optional.empty();
  }
}
