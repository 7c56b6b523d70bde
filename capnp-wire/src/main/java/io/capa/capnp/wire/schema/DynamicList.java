package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.ListReader;
import io.capa.capnp.wire.PointerReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A list read through its element type; elements map to Java as in {@link DynamicStruct}. */
public record DynamicList(Schema schema, Type elementType, ListReader reader) {
  public DynamicList {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(elementType, "elementType");
    Objects.requireNonNull(reader, "reader");
  }

  public int size() {
    return reader.size();
  }

  public Object get(int i) {
    return switch (elementType.kind()) {
      case VOID -> {
        java.util.Objects.checkIndex(i, reader.size());
        yield null;
      }
      case BOOL -> reader.getBool(i);
      case INT8 -> reader.getByte(i);
      case INT16 -> reader.getShort(i);
      case INT32 -> reader.getInt(i);
      case INT64, UINT64 -> reader.getLong(i);
      case UINT8 -> (short) (reader.getByte(i) & 0xFF);
      case UINT16 -> reader.getShort(i) & 0xFFFF;
      case UINT32 -> reader.getInt(i) & 0xFFFFFFFFL;
      case FLOAT32 -> reader.getFloat(i);
      case FLOAT64 -> reader.getDouble(i);
      case ENUM -> new DynamicEnum(schema.enumeration(elementType.typeId()), reader.getShort(i) & 0xFFFF);
      case TEXT -> reader.getPointer(i).getText("");
      case DATA -> reader.getPointer(i).getData(ByteBuffer.allocate(0).asReadOnlyBuffer());
      case STRUCT -> new DynamicStruct(schema, schema.struct(elementType.typeId()), reader.getStruct(i));
      case LIST -> new DynamicList(schema, elementType.elementType(),
          reader.getPointer(i).getList(Values.expectedElementSize(elementType.elementType()), null));
      case INTERFACE -> {
        PointerReader p = reader.getPointer(i);
        yield p.isNull() ? null : p.capabilityIndex();
      }
      case ANY_POINTER -> reader.getPointer(i);
    };
  }
}
