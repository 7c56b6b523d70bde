package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructReader;
import java.nio.ByteBuffer;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A struct read through its schema instead of generated code. Values come back as:
 * Void null, Bool Boolean, Int8..Int64 Byte/Short/Integer/Long, UInt8 Short, UInt16
 * Integer, UInt32 Long, UInt64 Long (two's complement bits), floats Float/Double, Text
 * String, Data a read-only ByteBuffer view, enums {@link DynamicEnum}, structs and
 * groups {@link DynamicStruct}, lists {@link DynamicList}, AnyPointer a
 * {@link PointerReader}, interfaces the capability index (Integer) or null.
 */
public record DynamicStruct(Schema schema, StructSchema type, StructReader reader) {
  public DynamicStruct {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reader, "reader");
  }

  public Object get(String fieldName) {
    return get(field(fieldName));
  }

  FieldSchema field(String name) {
    return type.field(name).orElseThrow(() -> new NoSuchElementException(type.displayName() + " has no field " + name));
  }

  /** The active member of this struct's unnamed union, if it has one the schema knows. */
  public Optional<FieldSchema> which() {
    if (!type.hasUnion()) {
      return Optional.empty();
    }
    int d = reader.getShort(type.discriminantOffset(), (short) 0) & 0xFFFF;
    for (FieldSchema f : type.fields()) {
      if (f.discriminantValue() == d) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the field is present: union members only when active; pointer fields when
   * non-null; other fields always (the reference's {@code HasMode::NON_NULL}).
   */
  public boolean has(FieldSchema f) {
    if (f.inUnion() && (reader.getShort(type.discriminantOffset(), (short) 0) & 0xFFFF) != f.discriminantValue()) {
      return false;
    }
    if (f.isGroup() || !f.type().isPointer()) {
      return true;
    }
    return reader.hasPointer(f.offset());
  }

  public Object get(FieldSchema f) {
    if (f.isGroup()) {
      return new DynamicStruct(schema, schema.struct(f.groupId()), reader);
    }
    Type t = f.type();
    int off = f.offset();
    long mask = Values.defaultBits(t, f.defaultValue());
    return switch (t.kind()) {
      case VOID -> null;
      case BOOL -> reader.getBool(off, mask != 0);
      case INT8 -> reader.getByte(off, (byte) mask);
      case INT16 -> reader.getShort(off, (short) mask);
      case INT32 -> reader.getInt(off, (int) mask);
      case INT64 -> reader.getLong(off, mask);
      case UINT8 -> (short) (reader.getByte(off, (byte) mask) & 0xFF);
      case UINT16 -> reader.getShort(off, (short) mask) & 0xFFFF;
      case UINT32 -> reader.getInt(off, (int) mask) & 0xFFFFFFFFL;
      case UINT64 -> reader.getLong(off, mask);
      case FLOAT32 -> Float.intBitsToFloat(reader.getInt(off, (int) mask));
      case FLOAT64 -> Double.longBitsToDouble(reader.getLong(off, mask));
      case ENUM -> new DynamicEnum(schema.enumeration(t.typeId()), reader.getShort(off, (short) mask) & 0xFFFF);
      default -> getPointerField(f);
    };
  }

  private Object getPointerField(FieldSchema f) {
    Type t = f.type();
    PointerReader p = reader.getPointer(f.offset());
    PointerReader source = p.isNull() ? Values.defaultPointer(f.defaultValue()) : p;
    return switch (t.kind()) {
      case TEXT -> source.getText("");
      case DATA -> source.getData(ByteBuffer.allocate(0).asReadOnlyBuffer());
      case STRUCT -> new DynamicStruct(schema, schema.struct(t.typeId()), source.getStruct(null));
      case LIST -> new DynamicList(schema, t.elementType(),
          source.getList(Values.expectedElementSize(t.elementType()), null));
      case INTERFACE -> p.isNull() ? null : p.capabilityIndex();
      default -> p;
    };
  }
}
