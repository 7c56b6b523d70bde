package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.StructReader;
import java.util.Objects;

/**
 * A struct field. A slot field has an offset (in units of its type's size, pointer
 * index for pointer types) and a default value (schema.capnp {@code Value}, kept as a
 * reader over the schema message); a group field names the group's struct node.
 *
 * @param index position in the struct's field list (ordinal order)
 * @param discriminantValue union discriminant, or {@link #NO_DISCRIMINANT}
 */
public record FieldSchema(String name, int index, int codeOrder, int discriminantValue, boolean isGroup,
    long groupId, int offset, Type type, StructReader defaultValue) {
  public static final int NO_DISCRIMINANT = 0xFFFF;

  public FieldSchema {
    Objects.requireNonNull(name, "name");
    if (!isGroup) {
      Objects.requireNonNull(type, "type of slot field " + name);
      Objects.requireNonNull(defaultValue, "defaultValue of slot field " + name);
    }
  }

  public boolean inUnion() {
    return discriminantValue != NO_DISCRIMINANT;
  }
}
