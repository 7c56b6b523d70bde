package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.ListBuilder;
import io.capa.capnp.wire.PointerBuilder;
import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructBuilder;
import io.capa.capnp.wire.StructReader;
import java.nio.ByteBuffer;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Builds a struct through its schema. {@link #set} accepts the Java types that
 * {@link DynamicStruct} returns (numbers may be any {@link Number}; enums also by name
 * or ordinal; Data also as byte[]); setting a union member sets the discriminant.
 */
public record DynamicStructBuilder(Schema schema, StructSchema type, StructBuilder builder) {
  public DynamicStructBuilder {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(builder, "builder");
  }

  public FieldSchema field(String name) {
    return type.field(name).orElseThrow(() -> new NoSuchElementException(type.displayName() + " has no field " + name));
  }

  private void activate(FieldSchema f) {
    if (f.inUnion()) {
      builder.setShort(type.discriminantOffset(), (short) f.discriminantValue(), (short) 0);
    }
  }

  public void set(String name, Object value) {
    set(field(name), value);
  }

  public void set(FieldSchema f, Object value) {
    if (f.isGroup()) {
      throw new IllegalArgumentException("use init() for group " + f.name());
    }
    activate(f);
    Type t = f.type();
    int off = f.offset();
    long mask = Values.defaultBits(t, f.defaultValue());
    switch (t.kind()) {
      case VOID -> { }
      case BOOL -> builder.setBool(off, (Boolean) value, mask != 0);
      case INT8, UINT8 -> builder.setByte(off, ((Number) value).byteValue(), (byte) mask);
      case INT16, UINT16 -> builder.setShort(off, ((Number) value).shortValue(), (short) mask);
      case INT32, UINT32 -> builder.setInt(off, ((Number) value).intValue(), (int) mask);
      case INT64, UINT64 -> builder.setLong(off, ((Number) value).longValue(), mask);
      case FLOAT32 -> builder.setInt(off, Float.floatToRawIntBits(((Number) value).floatValue()), (int) mask);
      case FLOAT64 -> builder.setLong(off, Double.doubleToRawLongBits(((Number) value).doubleValue()), mask);
      case ENUM -> builder.setShort(off, (short) enumOrdinal(schema.enumeration(t.typeId()), value), (short) mask);
      default -> setPointer(builder.getPointer(off), t, value);
    }
  }

  static int enumOrdinal(EnumSchema e, Object value) {
    if (value instanceof DynamicEnum d) {
      return d.ordinal();
    }
    if (value instanceof String s) {
      int o = e.ordinalOf(s);
      if (o < 0) {
        throw new IllegalArgumentException(e.displayName() + " has no enumerant " + s);
      }
      return o;
    }
    return ((Number) value).intValue();
  }

  static void setPointer(PointerBuilder p, Type t, Object value) {
    if (value == null) {
      p.clear();
      return;
    }
    switch (t.kind()) {
      case TEXT -> p.setText((String) value);
      case DATA -> {
        if (value instanceof byte[] b) {
          p.setData(b);
        } else {
          p.setData((ByteBuffer) value);
        }
      }
      case STRUCT -> p.setStruct(value instanceof DynamicStruct d ? d.reader() : (StructReader) value);
      case LIST -> p.setList(((DynamicList) value).reader());
      case INTERFACE -> p.setCapability((Integer) value);
      default -> p.set((PointerReader) value);
    }
  }

  /** Initialises a struct field (or returns a group's view, activating it if in a union). */
  public DynamicStructBuilder init(String name) {
    return init(field(name));
  }

  public DynamicStructBuilder init(FieldSchema f) {
    activate(f);
    if (f.isGroup()) {
      return new DynamicStructBuilder(schema, schema.struct(f.groupId()), builder);
    }
    if (f.type().kind() != Type.Kind.STRUCT) {
      throw new IllegalArgumentException(f.name() + " is not a struct field");
    }
    StructSchema s = schema.struct(f.type().typeId());
    return new DynamicStructBuilder(schema, s, builder.initStruct(f.offset(), s.dataWords(), s.pointerCount()));
  }

  public DynamicListBuilder initList(String name, int size) {
    return initList(field(name), size);
  }

  public DynamicListBuilder initList(FieldSchema f, int size) {
    activate(f);
    if (f.isGroup() || f.type().kind() != Type.Kind.LIST) {
      throw new IllegalArgumentException(f.name() + " is not a list field");
    }
    return DynamicListBuilder.init(schema, f.type().elementType(), builder.getPointer(f.offset()), size);
  }

  public DynamicStruct asReader() {
    return new DynamicStruct(schema, type, builder.asReader());
  }

  static ListBuilder initListOf(Schema schema, Type element, PointerBuilder p, int size) {
    if (element.kind() == Type.Kind.STRUCT) {
      StructSchema s = schema.struct(element.typeId());
      return p.initStructList(size, s.dataWords(), s.pointerCount());
    }
    ElementSize es = element.listElementSize();
    return p.initList(es, size);
  }
}
