package io.capa.capnp.wire.schema;

import java.util.List;
import java.util.Optional;

/** A struct (or group) node: its section sizes, its union's discriminant and its fields. */
public record StructSchema(long id, String displayName, int dataWords, int pointerCount, boolean isGroup,
    int discriminantCount, int discriminantOffset, List<FieldSchema> fields) {
  public StructSchema {
    fields = List.copyOf(fields);
    if (dataWords < 0 || pointerCount < 0) {
      throw new IllegalArgumentException("negative section size in " + displayName);
    }
  }

  public Optional<FieldSchema> field(String name) {
    for (FieldSchema f : fields) {
      if (f.name().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public boolean hasUnion() {
    return discriminantCount > 0;
  }
}
