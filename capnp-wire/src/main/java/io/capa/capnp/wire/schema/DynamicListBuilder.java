package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.ListBuilder;
import io.capa.capnp.wire.PointerBuilder;
import java.util.Objects;

/** Builds a list through its element type. */
public record DynamicListBuilder(Schema schema, Type elementType, ListBuilder builder) {
  public DynamicListBuilder {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(elementType, "elementType");
    Objects.requireNonNull(builder, "builder");
  }

  static DynamicListBuilder init(Schema schema, Type element, PointerBuilder p, int size) {
    return new DynamicListBuilder(schema, element, DynamicStructBuilder.initListOf(schema, element, p, size));
  }

  public int size() {
    return builder.size();
  }

  public void set(int i, Object value) {
    switch (elementType.kind()) {
      case VOID -> Objects.checkIndex(i, builder.size());
      case BOOL -> builder.setBool(i, (Boolean) value);
      case INT8, UINT8 -> builder.setByte(i, ((Number) value).byteValue());
      case INT16, UINT16 -> builder.setShort(i, ((Number) value).shortValue());
      case INT32, UINT32 -> builder.setInt(i, ((Number) value).intValue());
      case INT64, UINT64 -> builder.setLong(i, ((Number) value).longValue());
      case FLOAT32 -> builder.setFloat(i, ((Number) value).floatValue());
      case FLOAT64 -> builder.setDouble(i, ((Number) value).doubleValue());
      case ENUM -> builder.setShort(i,
          (short) DynamicStructBuilder.enumOrdinal(schema.enumeration(elementType.typeId()), value));
      case STRUCT -> builder.getStruct(i).copyFrom(((DynamicStruct) value).reader());
      default -> DynamicStructBuilder.setPointer(builder.getPointer(i), elementType, value);
    }
  }

  /** Element {@code i} of a struct list, for setting its fields. */
  public DynamicStructBuilder getStruct(int i) {
    return new DynamicStructBuilder(schema, schema.struct(elementType.typeId()), builder.getStruct(i));
  }

  /** Initialises element {@code i} of a list of lists. */
  public DynamicListBuilder initList(int i, int size) {
    if (elementType.kind() != Type.Kind.LIST) {
      throw new IllegalArgumentException("not a list of lists");
    }
    return init(schema, elementType.elementType(), builder.getPointer(i), size);
  }

  public DynamicList asReader() {
    return new DynamicList(schema, elementType, builder.asReader());
  }
}
