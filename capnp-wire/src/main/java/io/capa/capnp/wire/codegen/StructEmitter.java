package io.capa.capnp.wire.codegen;

import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.StructReader;
import io.capa.capnp.wire.schema.FieldSchema;
import io.capa.capnp.wire.schema.Node;
import io.capa.capnp.wire.schema.StructSchema;
import io.capa.capnp.wire.schema.Type;
import java.util.List;

/** Emits one struct (or group) class: constants, defaults, Reader, Builder, groups, nested types. */
final class StructEmitter {
  private static final String W = "io.capa.capnp.wire.";
  static final String RPC = "io.capa.capnp.rpc.";

  private final JavaGenerator gen;
  private final Node node;
  private final StructSchema s;
  private final String simpleName;
  private final String pkg;

  StructEmitter(JavaGenerator gen, Node node, String simpleName, String pkg) {
    this.gen = gen;
    this.node = node;
    this.s = (StructSchema) node.detail();
    this.simpleName = simpleName;
    this.pkg = pkg;
  }

  void emit(SourceWriter w) {
    w.line("");
    w.line("/** " + (s.isGroup() ? "Group " : "Struct ") + node.shortName() + ". */");
    w.open("public static final class " + simpleName);
    w.line("public static final long TYPE_ID = " + JavaGenerator.hex(node.id()) + ";");
    if (!s.isGroup()) {
      w.line("public static final int DATA_WORDS = " + s.dataWords() + ";");
      w.line("public static final int POINTER_COUNT = " + s.pointerCount() + ";");
    }
    List<FieldSchema> members = JavaGenerator.unionMembers(s);
    if (!members.isEmpty()) {
      StringBuilder b = new StringBuilder();
      for (FieldSchema f : members) {
        b.append(JavaNames.constant(f.name())).append(", ");
      }
      w.line("");
      w.line("/** Members of the unnamed union, in discriminant order. */");
      w.open("public enum Which");
      w.line(b + "_NOT_IN_SCHEMA");
      w.close();
      w.line("");
      w.line("private static final Which[] WHICH = Which.values();");
    }
    emitDefaults(w);
    w.line("");
    w.line("private " + simpleName + "() {");
    w.line("}");
    if (!s.isGroup()) {
      w.line("");
      w.open("public static Builder initRoot(" + W + "MessageBuilder message)");
      w.line("return new Builder(message.initRoot(DATA_WORDS, POINTER_COUNT));");
      w.close();
      w.line("");
      w.open("public static Reader read(" + W + "MessageReader message)");
      w.line("return new Reader(message.root());");
      w.close();
    }
    emitReader(w, !members.isEmpty());
    emitBuilder(w, !members.isEmpty());
    if (gen.rpc() && (!s.isGroup() || pipelinable(gen, s))) {
      emitPipeline(w);
      if (!s.isGroup()) {
        emitPromise(w);
      }
    }
    for (FieldSchema f : s.fields()) {
      if (f.isGroup()) {
        new StructEmitter(gen, gen.node(f.groupId()), JavaNames.upperCamel(f.name()), pkg).emit(w);
      }
    }
    gen.emitChildren(node, w, pkg);
    w.close();
  }

  private String defaultName(FieldSchema f) {
    return "DEFAULT_" + JavaNames.constant(f.name());
  }

  private boolean hasPointerDefault(FieldSchema f) {
    return !f.isGroup() && f.type().isPointer() && !f.defaultValue().getPointer(0).isNull();
  }

  private void emitDefaults(SourceWriter w) {
    for (FieldSchema f : s.fields()) {
      if (!hasPointerDefault(f)) {
        continue;
      }
      Type t = f.type();
      String decl = "private static final ";
      switch (t.kind()) {
        case DATA -> w.line(decl + "java.nio.ByteBuffer " + defaultName(f) + " = " + W + "Defaults.data("
            + JavaNames.bytesLiteral(JavaGenerator.bytes(f.defaultValue().getPointer(0))) + ");");
        case STRUCT -> w.line(decl + W + "StructReader " + defaultName(f) + " = " + W + "Defaults.struct("
            + JavaNames.bytesLiteral(Canonical.canonicalizePointer(f.defaultValue().getPointer(0))) + ");");
        case LIST -> w.line(decl + W + "ListReader " + defaultName(f) + " = " + W + "Defaults.list("
            + JavaNames.bytesLiteral(Canonical.canonicalizePointer(f.defaultValue().getPointer(0))) + ", "
            + W + "ElementSize." + t.elementType().listElementSize().name() + ");");
        default -> { }
      }
    }
  }

  private void emitReader(SourceWriter w, boolean hasUnion) {
    w.line("");
    w.open("public static final class Reader");
    w.line("private final " + W + "StructReader struct;");
    w.line("");
    w.open("public Reader(" + W + "StructReader struct)");
    w.line("this.struct = java.util.Objects.requireNonNull(struct, \"struct\");");
    w.close();
    w.line("");
    w.line("/** The underlying struct, for raw or dynamic access. */");
    w.open("public " + W + "StructReader raw()");
    w.line("return struct;");
    w.close();
    if (hasUnion) {
      w.line("");
      w.open("public Which which()");
      w.line("int d = struct.getShort(" + s.discriminantOffset() + ", (short) 0) & 0xFFFF;");
      w.line("return d < WHICH.length - 1 ? WHICH[d] : Which._NOT_IN_SCHEMA;");
      w.close();
    }
    for (FieldSchema f : s.fields()) {
      String n = JavaNames.upperCamel(f.name());
      if (f.inUnion()) {
        w.line("");
        w.open("public boolean is" + n + "()");
        w.line("return which() == Which." + JavaNames.constant(f.name()) + ";");
        w.close();
      }
      if (f.isGroup()) {
        w.line("");
        w.open("public " + n + ".Reader get" + n + "()");
        w.line("return new " + n + ".Reader(struct);");
        w.close();
        continue;
      }
      if (gen.rpc() && f.type().kind() == Type.Kind.INTERFACE) {
        emitClientGetter(w, f, n);
        continue;
      }
      String getter = readExpression(f);
      if (getter == null) {
        continue;
      }
      w.line("");
      w.open("public " + javaType(f.type(), false) + " get" + n + "()");
      w.line("return " + getter + ";");
      w.close();
      if (f.type().isPointer()) {
        w.line("");
        w.open("public boolean has" + n + "()");
        w.line("return struct.hasPointer(" + f.offset() + ");");
        w.close();
      }
    }
    w.close();
  }

  private String readExpression(FieldSchema f) {
    Type t = f.type();
    int off = f.offset();
    long mask = defaultBits(t, f.defaultValue());
    String d = hasPointerDefault(f) ? defaultName(f) : "null";
    return switch (t.kind()) {
      case VOID -> null;
      case BOOL -> "struct.getBool(" + off + ", " + (mask != 0) + ")";
      case INT8 -> "struct.getByte(" + off + ", " + byteLit(mask) + ")";
      case UINT8 -> "(short) (struct.getByte(" + off + ", " + byteLit(mask) + ") & 0xFF)";
      case INT16 -> "struct.getShort(" + off + ", " + shortLit(mask) + ")";
      case UINT16 -> "struct.getShort(" + off + ", " + shortLit(mask) + ") & 0xFFFF";
      case INT32 -> "struct.getInt(" + off + ", " + intLit(mask) + ")";
      case UINT32 -> "struct.getInt(" + off + ", " + intLit(mask) + ") & 0xFFFFFFFFL";
      case INT64, UINT64 -> "struct.getLong(" + off + ", " + JavaGenerator.hex(mask) + ")";
      case FLOAT32 -> "java.lang.Float.intBitsToFloat(struct.getInt(" + off + ", " + intLit(mask) + "))";
      case FLOAT64 -> "java.lang.Double.longBitsToDouble(struct.getLong(" + off + ", " + JavaGenerator.hex(mask) + "))";
      case ENUM -> gen.javaName(t.typeId(), pkg) + ".fromOrdinal(struct.getShort(" + off + ", " + shortLit(mask)
          + ") & 0xFFFF)";
      case TEXT -> "struct.getText(" + off + ", "
          + JavaNames.stringLiteral(f.defaultValue().getPointer(0).getText("")) + ")";
      case DATA -> "struct.getData(" + off + ", "
          + (hasPointerDefault(f) ? d + ".duplicate()" : W + "Defaults.data(new byte[0])") + ")";
      case STRUCT -> "new " + gen.javaName(t.typeId(), pkg) + ".Reader(struct.getStruct(" + off + ", " + d + "))";
      case LIST -> W + "ListView.of(struct.getList(" + off + ", " + W + "ElementSize."
          + t.elementType().listElementSize().name() + ", " + d + "), (l0, i0) -> " + element(t.elementType(), 0) + ")";
      case INTERFACE, ANY_POINTER -> "struct.getPointer(" + off + ")";
    };
  }

  private String element(Type t, int depth) {
    String l = "l" + depth;
    String i = "i" + depth;
    return switch (t.kind()) {
      case VOID -> "(java.lang.Void) null";
      case BOOL -> l + ".getBool(" + i + ")";
      case INT8 -> l + ".getByte(" + i + ")";
      case UINT8 -> "(short) (" + l + ".getByte(" + i + ") & 0xFF)";
      case INT16 -> l + ".getShort(" + i + ")";
      case UINT16 -> l + ".getShort(" + i + ") & 0xFFFF";
      case INT32 -> l + ".getInt(" + i + ")";
      case UINT32 -> l + ".getInt(" + i + ") & 0xFFFFFFFFL";
      case INT64, UINT64 -> l + ".getLong(" + i + ")";
      case FLOAT32 -> l + ".getFloat(" + i + ")";
      case FLOAT64 -> l + ".getDouble(" + i + ")";
      case TEXT -> l + ".getPointer(" + i + ").getText(\"\")";
      case DATA -> l + ".getPointer(" + i + ").getData(" + W + "Defaults.data(new byte[0]))";
      case STRUCT -> "new " + gen.javaName(t.typeId(), pkg) + ".Reader(" + l + ".getStruct(" + i + "))";
      case ENUM -> gen.javaName(t.typeId(), pkg) + ".fromOrdinal(" + l + ".getShort(" + i + ") & 0xFFFF)";
      case LIST -> W + "ListView.of(" + l + ".getList(" + i + ", " + W + "ElementSize."
          + t.elementType().listElementSize().name() + "), (l" + (depth + 1) + ", i" + (depth + 1) + ") -> "
          + element(t.elementType(), depth + 1) + ")";
      case INTERFACE, ANY_POINTER -> l + ".getPointer(" + i + ")";
    };
  }

  /** The Java type of a value (boxed when it is a list element). */
  private String javaType(Type t, boolean boxed) {
    return switch (t.kind()) {
      case VOID -> "java.lang.Void";
      case BOOL -> boxed ? "java.lang.Boolean" : "boolean";
      case INT8 -> boxed ? "java.lang.Byte" : "byte";
      case INT16, UINT8 -> boxed ? "java.lang.Short" : "short";
      case INT32, UINT16 -> boxed ? "java.lang.Integer" : "int";
      case INT64, UINT32, UINT64 -> boxed ? "java.lang.Long" : "long";
      case FLOAT32 -> boxed ? "java.lang.Float" : "float";
      case FLOAT64 -> boxed ? "java.lang.Double" : "double";
      case TEXT -> "java.lang.String";
      case DATA -> "java.nio.ByteBuffer";
      case STRUCT -> gen.javaName(t.typeId(), pkg) + ".Reader";
      case ENUM -> gen.javaName(t.typeId(), pkg);
      case LIST -> "java.util.List<" + javaType(t.elementType(), true) + ">";
      case INTERFACE, ANY_POINTER -> W + "PointerReader";
    };
  }

  private void emitBuilder(SourceWriter w, boolean hasUnion) {
    w.line("");
    w.open("public static final class Builder");
    w.line("private final " + W + "StructBuilder struct;");
    w.line("");
    w.open("public Builder(" + W + "StructBuilder struct)");
    w.line("this.struct = java.util.Objects.requireNonNull(struct, \"struct\");");
    w.close();
    w.line("");
    w.open("public " + W + "StructBuilder raw()");
    w.line("return struct;");
    w.close();
    w.line("");
    w.open("public Reader asReader()");
    w.line("return new Reader(struct.asReader());");
    w.close();
    if (hasUnion) {
      w.line("");
      w.open("public Which which()");
      w.line("return asReader().which();");
      w.close();
    }
    for (FieldSchema f : s.fields()) {
      emitSetter(w, f);
    }
    w.close();
  }

  private void emitSetter(SourceWriter w, FieldSchema f) {
    String n = JavaNames.upperCamel(f.name());
    String disc = f.inUnion()
        ? "struct.setShort(" + s.discriminantOffset() + ", (short) " + f.discriminantValue() + ", (short) 0);" : null;
    if (f.isGroup()) {
      w.line("");
      w.open("public " + n + ".Builder " + (f.inUnion() ? "init" : "get") + n + "()");
      if (disc != null) {
        w.line(disc);
      }
      w.line("return new " + n + ".Builder(struct);");
      w.close();
      return;
    }
    Type t = f.type();
    int off = f.offset();
    long mask = defaultBits(t, f.defaultValue());
    String set = switch (t.kind()) {
      case VOID -> "";
      case BOOL -> "struct.setBool(" + off + ", value, " + (mask != 0) + ");";
      case INT8 -> "struct.setByte(" + off + ", value, " + byteLit(mask) + ");";
      case UINT8 -> "struct.setByte(" + off + ", (byte) value, " + byteLit(mask) + ");";
      case INT16 -> "struct.setShort(" + off + ", value, " + shortLit(mask) + ");";
      case UINT16 -> "struct.setShort(" + off + ", (short) value, " + shortLit(mask) + ");";
      case INT32 -> "struct.setInt(" + off + ", value, " + intLit(mask) + ");";
      case UINT32 -> "struct.setInt(" + off + ", (int) value, " + intLit(mask) + ");";
      case INT64, UINT64 -> "struct.setLong(" + off + ", value, " + JavaGenerator.hex(mask) + ");";
      case FLOAT32 -> "struct.setInt(" + off + ", java.lang.Float.floatToRawIntBits(value), " + intLit(mask) + ");";
      case FLOAT64 -> "struct.setLong(" + off + ", java.lang.Double.doubleToRawLongBits(value), "
          + JavaGenerator.hex(mask) + ");";
      case ENUM -> "struct.setShort(" + off + ", (short) value.ordinal(), " + shortLit(mask) + ");";
      case TEXT -> "struct.setText(" + off + ", value);";
      case DATA -> "struct.setData(" + off + ", value);";
      case STRUCT -> "struct.getPointer(" + off + ").setStruct(value.raw());";
      default -> null;
    };
    if (set != null) {
      String param = switch (t.kind()) {
        case VOID -> "";
        case DATA -> "byte[] value";
        default -> javaType(t, false) + " value";
      };
      w.line("");
      w.open("public void set" + n + "(" + param + ")");
      if (disc != null) {
        w.line(disc);
      }
      if (t.kind() == Type.Kind.ENUM) {
        w.open("if (value == " + gen.javaName(t.typeId(), pkg) + "._NOT_IN_SCHEMA)");
        w.line("throw new IllegalArgumentException(\"_NOT_IN_SCHEMA has no ordinal\");");
        w.close();
      }
      if (!set.isEmpty()) {
        w.line(set);
      }
      w.close();
    }
    switch (t.kind()) {
      case STRUCT -> {
        String type = gen.javaName(t.typeId(), pkg);
        w.line("");
        w.open("public " + type + ".Builder init" + n + "()");
        if (disc != null) {
          w.line(disc);
        }
        w.line("return new " + type + ".Builder(struct.initStruct(" + off + ", " + type + ".DATA_WORDS, " + type
            + ".POINTER_COUNT));");
        w.close();
      }
      case LIST -> {
        Type e = t.elementType();
        w.line("");
        if (e.kind() == Type.Kind.STRUCT) {
          String type = gen.javaName(e.typeId(), pkg);
          w.open("public java.util.List<" + type + ".Builder> init" + n + "(int size)");
          if (disc != null) {
            w.line(disc);
          }
          w.line("return " + W + "ListView.ofBuilder(struct.initStructList(" + off + ", size, " + type
              + ".DATA_WORDS, " + type + ".POINTER_COUNT), (l, i) -> new " + type + ".Builder(l.getStruct(i)));");
        } else {
          w.open("public " + W + "ListBuilder init" + n + "(int size)");
          if (disc != null) {
            w.line(disc);
          }
          w.line("return struct.initList(" + off + ", " + W + "ElementSize." + e.listElementSize().name() + ", size);");
        }
        w.close();
      }
      default -> { }
    }
    if (t.kind() == Type.Kind.LIST) {
      emitListSetter(w, n, off, t.elementType(), disc);
    }
    if (gen.rpc() && t.kind() == Type.Kind.INTERFACE) {
      String client = gen.javaName(t.typeId(), pkg) + ".Client";
      w.line("");
      w.line("/**");
      w.line(" * Moves {@code value}'s reference into the message, closing the client (a borrowed one");
      w.line(" * is copied instead); pass {@code value.dup()} to go on using it.");
      w.line(" */");
      w.open("public void set" + n + "(" + client + " value)");
      if (disc != null) {
        w.line(disc);
      }
      w.line("struct.getPointer(" + off + ").setCapability(value == null ? null : value.capability());");
      w.close();
    }
    switch (t.kind()) {
      case INTERFACE, ANY_POINTER -> {
        w.line("");
        w.open("public " + W + "PointerBuilder get" + n + "()");
        if (disc != null) {
          w.line(disc);
        }
        w.line("return struct.getPointer(" + off + ");");
        w.close();
      }
      default -> { }
    }
  }

  /** A capability field read as a client borrowed from the message (null for a null pointer). */
  private void emitClientGetter(SourceWriter w, FieldSchema f, String n) {
    String client = gen.javaName(f.type().typeId(), pkg) + ".Client";
    w.line("");
    w.open("public " + client + " get" + n + "()");
    w.line("java.lang.Object cap = struct.getPointer(" + f.offset() + ").getCapability();");
    w.line("return cap == null ? null : new " + client + "((" + RPC + "Capability) cap);");
    w.close();
    w.line("");
    w.open("public boolean has" + n + "()");
    w.line("return struct.hasPointer(" + f.offset() + ");");
    w.close();
  }

  /**
   * {@code Pipeline}: the struct at a path of a call's results before they arrive. Its
   * getters name capabilities to call and structs to descend into; union members are left
   * out (which member the results hold is not known yet).
   */
  private void emitPipeline(SourceWriter w) {
    List<FieldSchema> fields = new java.util.ArrayList<>();
    boolean descends = false;
    for (FieldSchema f : s.fields()) {
      if (f.inUnion()) {
        continue;
      }
      if (f.isGroup()) {
        if (pipelinable(gen, (StructSchema) gen.node(f.groupId()).detail())) {
          fields.add(f);
        }
      } else if (f.type().kind() == Type.Kind.STRUCT || f.type().kind() == Type.Kind.INTERFACE) {
        fields.add(f);
        descends = true;
      }
    }
    w.line("");
    w.line("/** " + node.shortName() + " in results that have not arrived: for promise pipelining. */");
    // Promise extends the struct's Pipeline; a group's Pipeline is only ever made by its parent's.
    w.open("public static " + (s.isGroup() ? "final " : "") + "class Pipeline");
    w.line("private final " + RPC + "RemotePromise promise;");
    w.line("private final int[] path;");
    w.line("");
    w.line("/** The struct at {@code path} (pointer indexes, struct by struct) of {@code promise}'s results. */");
    w.open("public Pipeline(" + RPC + "RemotePromise promise, int[] path)");
    w.line("this.promise = java.util.Objects.requireNonNull(promise, \"promise\");");
    w.line("this.path = path.clone();");
    w.close();
    if (descends) {
      w.line("");
      w.open("private int[] path(int pointer)");
      w.line("int[] p = java.util.Arrays.copyOf(path, path.length + 1);");
      w.line("p[path.length] = pointer;");
      w.line("return p;");
      w.close();
    }
    for (FieldSchema f : fields) {
      String n = JavaNames.upperCamel(f.name());
      w.line("");
      if (f.isGroup()) {
        w.open("public " + n + ".Pipeline get" + n + "()");
        w.line("return new " + n + ".Pipeline(promise, path);");
      } else if (f.type().kind() == Type.Kind.STRUCT) {
        String type = gen.javaName(f.type().typeId(), pkg);
        w.open("public " + type + ".Pipeline get" + n + "()");
        w.line("return new " + type + ".Pipeline(promise, path(" + f.offset() + "));");
      } else {
        String client = gen.javaName(f.type().typeId(), pkg) + ".Client";
        w.line("/** The capability the results will hold here, callable now; the caller closes it. */");
        w.open("public " + client + " get" + n + "()");
        w.line("return new " + client + "(promise.pipeline(path(" + f.offset() + ")));");
      }
      w.close();
    }
    w.close();
  }

  /** Whether a Pipeline over {@code s} would have a getter: a struct or capability outside unions. */
  static boolean pipelinable(JavaGenerator gen, StructSchema s) {
    for (FieldSchema f : s.fields()) {
      if (f.inUnion()) {
        continue;
      }
      if (f.isGroup() ? pipelinable(gen, (StructSchema) gen.node(f.groupId()).detail())
          : f.type().kind() == Type.Kind.STRUCT || f.type().kind() == Type.Kind.INTERFACE) {
        return true;
      }
    }
    return false;
  }

  /** {@code Promise}: a call's pending results of this type. */
  private void emitPromise(SourceWriter w) {
    w.line("");
    w.line("/** The pending results of a call: await them, pipeline on them, or cancel the call. */");
    w.open("public static final class Promise extends Pipeline");
    w.line("private final " + RPC + "RemotePromise raw;");
    w.line("");
    w.open("public Promise(" + RPC + "RemotePromise raw)");
    w.line("super(raw, new int[0]);");
    w.line("this.raw = raw;");
    w.close();
    w.line("");
    w.open("public " + RPC + "RemotePromise raw()");
    w.line("return raw;");
    w.close();
    w.line("");
    w.line("/**");
    w.line(" * The results. Capabilities read from them are borrowed from a response that is released");
    w.line(" * when it becomes unreachable; {@link #result()} releases it when closed.");
    w.line(" */");
    w.open("public java.util.concurrent.CompletionStage<Reader> response()");
    w.line("return raw.response().thenApply(r -> new Reader(r.results()));");
    w.close();
    w.line("");
    w.line("/** The results with their response: close it to release the capabilities nobody kept. */");
    w.open("public java.util.concurrent.CompletionStage<" + RPC + "Result<Reader>> result()");
    w.line("return raw.response().thenApply(r -> new " + RPC + "Result<>(new Reader(r.results()), r));");
    w.close();
    w.line("");
    w.open("public void cancel()");
    w.line("raw.cancel();");
    w.close();
    w.close();
  }

  /** {@code setX(List)}: initialises the list and copies every element (not for lists of lists). */
  private void emitListSetter(SourceWriter w, String n, int off, Type e, String disc) {
    String v = "values.get(i)";
    String put = switch (e.kind()) {
      case VOID -> "";
      case BOOL -> "l.setBool(i, " + v + ");";
      case INT8, UINT8 -> "l.setByte(i, " + v + ".byteValue());";
      case INT16, UINT16 -> "l.setShort(i, " + v + ".shortValue());";
      case INT32, UINT32 -> "l.setInt(i, " + v + ".intValue());";
      case INT64, UINT64 -> "l.setLong(i, " + v + ".longValue());";
      case FLOAT32 -> "l.setFloat(i, " + v + ");";
      case FLOAT64 -> "l.setDouble(i, " + v + ");";
      case ENUM -> "l.setShort(i, (short) " + v + ".ordinal());";
      case TEXT -> "l.getPointer(i).setText(" + v + ");";
      case DATA -> "l.getPointer(i).setData(" + v + ");";
      case STRUCT -> "l.getStruct(i).copyFrom(" + v + ".raw());";
      default -> null;
    };
    if (put == null) {
      return;
    }
    String init = e.kind() == Type.Kind.STRUCT
        ? "struct.initStructList(" + off + ", values.size(), " + gen.javaName(e.typeId(), pkg) + ".DATA_WORDS, "
            + gen.javaName(e.typeId(), pkg) + ".POINTER_COUNT)"
        : "struct.initList(" + off + ", " + W + "ElementSize." + e.listElementSize().name() + ", values.size())";
    w.line("");
    w.open("public void set" + n + "(java.util.List<" + javaType(e, true) + "> values)");
    if (disc != null) {
      w.line(disc);
    }
    if (put.isEmpty()) {
      w.line(init + ";");
    } else {
      w.line(W + "ListBuilder l = " + init + ";");
      w.open("for (int i = 0; i < values.size(); i++)");
      w.line(put);
      w.close();
    }
    w.close();
  }

  static long defaultBits(Type type, StructReader value) {
    return switch (type.kind()) {
      case BOOL -> value.getBool(16, false) ? 1 : 0;
      case INT8, UINT8 -> value.getByte(2, (byte) 0);
      case INT16, UINT16, ENUM -> value.getShort(1, (short) 0);
      case INT32, UINT32, FLOAT32 -> value.getInt(1, 0);
      case INT64, UINT64, FLOAT64 -> value.getLong(1, 0);
      default -> 0;
    };
  }

  private static String byteLit(long v) {
    return String.format("(byte) 0x%02x", v & 0xFF);
  }

  private static String shortLit(long v) {
    return String.format("(short) 0x%04x", v & 0xFFFF);
  }

  private static String intLit(long v) {
    return String.format("0x%08x", v & 0xFFFFFFFFL);
  }
}
