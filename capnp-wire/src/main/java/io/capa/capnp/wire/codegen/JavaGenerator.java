package io.capa.capnp.wire.codegen;

import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructReader;
import io.capa.capnp.wire.schema.ConstSchema;
import io.capa.capnp.wire.schema.EnumSchema;
import io.capa.capnp.wire.schema.FieldSchema;
import io.capa.capnp.wire.schema.InterfaceSchema;
import io.capa.capnp.wire.schema.Node;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import io.capa.capnp.wire.schema.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the schema nodes of a CodeGeneratorRequest into Java sources: one outer class per
 * requested file; per struct a Reader and a Builder with typed accessors, which() for
 * unions and a class per group; per enum a Java enum; per interface its id, method ids and
 * parameter and result structs; constants as static fields. Generic type parameters are
 * erased to AnyPointer ({@link PointerReader}).
 *
 * <p>With {@link Options#rpc()} it also emits what the RPC runtime ({@code io.capa.capnp.rpc})
 * needs: per interface a typed {@code Client} and an abstract {@code Server}, per struct a
 * {@code Pipeline} (and a {@code Promise} for awaiting a call's results), and capability
 * fields typed as clients.
 */
public final class JavaGenerator {
  static final long PACKAGE_ANNOTATION = 0xbce9391c6af19c41L;
  static final long OUTER_ANNOTATION = 0xde63df6781caeafdL;
  private static final String W = "io.capa.capnp.wire.";

  /** A generated source file: path relative to the source root, and its text. */
  public record GeneratedFile(String path, String content) {
  }

  /**
   * Generation switches.
   *
   * @param rpc emit RPC client stubs, server skeletons and pipelines
   * @param outerClass outer class name for the requested file (overrides {@code $Java.outerClassname}),
   *     or null for the usual name
   */
  public record Options(boolean rpc, String outerClass) {
    public static final Options DEFAULT = new Options(false, null);
  }

  private final Schema schema;
  private final String defaultPackage;
  private final Options options;
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, String> packages = new HashMap<>();
  private final Map<Long, List<Long>> extraChildren = new HashMap<>();

  public JavaGenerator(Schema schema, String defaultPackage) {
    this(schema, defaultPackage, Options.DEFAULT);
  }

  public JavaGenerator(Schema schema, String defaultPackage, Options options) {
    this.schema = schema;
    this.defaultPackage = defaultPackage;
    this.options = options;
  }

  boolean rpc() {
    return options.rpc();
  }

  public List<GeneratedFile> generate() {
    if (options.outerClass() != null && schema.requestedFiles().size() != 1) {
      throw new IllegalStateException("an outer class name needs exactly one requested file, not "
          + schema.requestedFiles().size());
    }
    for (Node n : schema.nodes().values()) {
      if (n.kind() == Node.Kind.FILE) {
        String pkg = annotationText(n, PACKAGE_ANNOTATION, defaultPackage);
        String outer = options.outerClass() != null && n.id() == schema.requestedFiles().get(0).id()
            ? options.outerClass()
            : annotationText(n, OUTER_ANNOTATION, JavaNames.outerClass(n.displayName()));
        names.put(n.id(), outer);
        packages.put(n.id(), pkg);
        nameChildren(n, outer, n.id());
      }
    }
    for (Node n : schema.nodes().values()) {
      if (n.kind() == Node.Kind.INTERFACE && names.containsKey(n.id())) {
        nameMethodStructs(n);
      }
    }
    List<GeneratedFile> out = new ArrayList<>();
    for (Schema.RequestedFile f : schema.requestedFiles()) {
      Node file = schema.node(f.id()).orElseThrow();
      out.add(emitFile(file));
    }
    return out;
  }

  private String annotationText(Node n, long id, String fallback) {
    for (Node.Annotation a : n.annotations()) {
      if (a.id() == id) {
        return a.value().getText(0, fallback);
      }
    }
    return fallback;
  }

  private void nameChildren(Node n, String prefix, long fileId) {
    for (Map.Entry<String, Long> e : n.nested().entrySet()) {
      Node child = schema.node(e.getValue()).orElse(null);
      if (child == null) {
        continue;
      }
      String name = prefix + "." + e.getKey();
      names.put(child.id(), name);
      packages.put(child.id(), packages.get(fileId));
      nameChildren(child, name, fileId);
    }
    if (n.detail() instanceof StructSchema s) {
      for (FieldSchema f : s.fields()) {
        if (f.isGroup()) {
          Node g = schema.node(f.groupId()).orElseThrow();
          String name = prefix + "." + JavaNames.upperCamel(f.name());
          names.put(g.id(), name);
          packages.put(g.id(), packages.get(fileId));
          nameChildren(g, name, fileId);
        }
      }
    }
  }

  private void nameMethodStructs(Node iface) {
    String prefix = names.get(iface.id());
    for (InterfaceSchema.Method m : ((InterfaceSchema) iface.detail()).methods()) {
      nameMethodStruct(iface, prefix, m.paramStructId(), JavaNames.upperCamel(m.name()) + "Params");
      nameMethodStruct(iface, prefix, m.resultStructId(), JavaNames.upperCamel(m.name()) + "Results");
    }
  }

  private void nameMethodStruct(Node iface, String prefix, long id, String simpleName) {
    Node n = schema.node(id).orElse(null);
    if (n == null || names.containsKey(id)) {
      return;
    }
    String name = prefix + "." + simpleName;
    names.put(id, name);
    packages.put(id, packages.get(iface.id()));
    extraChildren.computeIfAbsent(iface.id(), k -> new ArrayList<>()).add(id);
    nameChildren(n, name, fileOf(iface));
  }

  private long fileOf(Node n) {
    Node cur = n;
    while (cur.kind() != Node.Kind.FILE) {
      cur = schema.node(cur.scopeId()).orElseThrow();
    }
    return cur.id();
  }

  /** The Java name of a node: package-qualified unless {@code inPackage}. */
  String javaName(long id, String inPackage) {
    String name = names.get(id);
    if (name == null) {
      throw new IllegalStateException("schema node 0x" + Long.toHexString(id) + " is not in the request");
    }
    String pkg = packages.get(id);
    return pkg == null || pkg.isEmpty() || pkg.equals(inPackage) ? name : pkg + "." + name;
  }

  private GeneratedFile emitFile(Node file) {
    String pkg = packages.get(file.id());
    String outer = names.get(file.id());
    SourceWriter w = new SourceWriter();
    // Only the base name: the path the compiler was given differs between machines.
    String fileName = file.displayName().substring(file.displayName().lastIndexOf('/') + 1);
    w.line("// Generated by io.capa.capnp.wire.codegen.CapnpcJava from " + fileName + ". Do not edit.");
    if (!pkg.isEmpty()) {
      w.line("package " + pkg + ";");
    }
    w.line("");
    w.line("/** Types of " + fileName + ". */");
    w.open("public final class " + outer);
    w.line("private " + outer + "() {");
    w.line("}");
    emitChildren(file, w, pkg);
    w.close();
    String path = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + outer + ".java";
    return new GeneratedFile(path, w.toString());
  }

  void emitChildren(Node n, SourceWriter w, String pkg) {
    for (Map.Entry<String, Long> e : n.nested().entrySet()) {
      schema.node(e.getValue()).ifPresent(child -> emitNode(child, e.getKey(), w, pkg));
    }
    for (long id : extraChildren.getOrDefault(n.id(), List.of())) {
      String name = names.get(id);
      emitNode(schema.node(id).orElseThrow(), name.substring(name.lastIndexOf('.') + 1), w, pkg);
    }
  }

  private void emitNode(Node n, String simpleName, SourceWriter w, String pkg) {
    switch (n.kind()) {
      case STRUCT -> new StructEmitter(this, n, simpleName, pkg).emit(w);
      case ENUM -> emitEnum((EnumSchema) n.detail(), simpleName, w);
      case INTERFACE -> emitInterface(n, simpleName, w, pkg);
      case CONST -> emitConst((ConstSchema) n.detail(), simpleName, w, pkg);
      default -> { }
    }
  }

  private void emitEnum(EnumSchema e, String simpleName, SourceWriter w) {
    w.line("");
    w.open("public enum " + simpleName);
    StringBuilder constants = new StringBuilder();
    for (String name : e.enumerants()) {
      constants.append(JavaNames.constant(name)).append(", ");
    }
    w.line(constants + "_NOT_IN_SCHEMA;");
    w.line("");
    w.line("public static final long TYPE_ID = " + hex(e.id()) + ";");
    w.line("private static final " + simpleName + "[] VALUES = values();");
    w.line("");
    w.line("/** The enumerant with this ordinal, or _NOT_IN_SCHEMA for one a newer schema added. */");
    w.open("public static " + simpleName + " fromOrdinal(int ordinal)");
    w.line("return ordinal >= 0 && ordinal < VALUES.length - 1 ? VALUES[ordinal] : _NOT_IN_SCHEMA;");
    w.close();
    w.close();
  }

  private void emitInterface(Node n, String simpleName, SourceWriter w, String pkg) {
    InterfaceSchema iface = (InterfaceSchema) n.detail();
    w.line("");
    String parts = rpc() ? "its id, method ids, Client and Server" : "its id and method ids";
    w.line("/** Interface " + n.shortName() + ": " + parts + " (parameter and result structs below). */");
    w.open("public static final class " + simpleName);
    w.line("public static final long TYPE_ID = " + hex(n.id()) + ";");
    for (InterfaceSchema.Method m : iface.methods()) {
      w.line("public static final int METHOD_" + JavaNames.constant(m.name()) + " = " + m.ordinal() + ";");
    }
    w.line("");
    w.line("private " + simpleName + "() {");
    w.line("}");
    if (rpc()) {
      new InterfaceEmitter(this, n, pkg).emit(w);
    }
    emitChildren(n, w, pkg);
    w.close();
  }

  private void emitConst(ConstSchema c, String simpleName, SourceWriter w, String pkg) {
    String name = JavaNames.constant(simpleName);
    StructReader v = c.value();
    Type t = c.type();
    String decl = "public static final ";
    switch (t.kind()) {
      case VOID -> {
        return;
      }
      case BOOL -> w.line(decl + "boolean " + name + " = " + v.getBool(16, false) + ";");
      case INT8 -> w.line(decl + "byte " + name + " = " + v.getByte(2, (byte) 0) + ";");
      case UINT8 -> w.line(decl + "short " + name + " = " + (v.getByte(2, (byte) 0) & 0xFF) + ";");
      case INT16 -> w.line(decl + "short " + name + " = " + v.getShort(1, (short) 0) + ";");
      case UINT16 -> w.line(decl + "int " + name + " = " + (v.getShort(1, (short) 0) & 0xFFFF) + ";");
      case INT32 -> w.line(decl + "int " + name + " = " + v.getInt(1, 0) + ";");
      case UINT32 -> w.line(decl + "long " + name + " = " + (v.getInt(1, 0) & 0xFFFFFFFFL) + "L;");
      case INT64, UINT64 -> w.line(decl + "long " + name + " = " + hex(v.getLong(1, 0)) + ";");
      case FLOAT32 -> w.line(decl + "float " + name + " = java.lang.Float.intBitsToFloat("
          + String.format("0x%08x", v.getInt(1, 0)) + ");");
      case FLOAT64 -> w.line(decl + "double " + name + " = java.lang.Double.longBitsToDouble("
          + hex(v.getLong(1, 0)) + ");");
      case ENUM -> w.line(decl + javaName(t.typeId(), pkg) + " " + name + " = " + javaName(t.typeId(), pkg)
          + ".fromOrdinal(" + (v.getShort(1, (short) 0) & 0xFFFF) + ");");
      case TEXT -> w.line(decl + "java.lang.String " + name + " = "
          + JavaNames.stringLiteral(v.getPointer(0).getText("")) + ";");
      case DATA -> w.line(decl + "java.nio.ByteBuffer " + name + " = " + W + "Defaults.data("
          + JavaNames.bytesLiteral(bytes(v.getPointer(0))) + ");");
      case STRUCT -> w.line(decl + javaName(t.typeId(), pkg) + ".Reader " + name + " = new "
          + javaName(t.typeId(), pkg) + ".Reader(" + W + "Defaults.struct("
          + JavaNames.bytesLiteral(Canonical.canonicalizePointer(v.getPointer(0))) + "));");
      case LIST -> w.line(decl + W + "ListReader " + name + " = " + W + "Defaults.list("
          + JavaNames.bytesLiteral(Canonical.canonicalizePointer(v.getPointer(0))) + ", " + W + "ElementSize."
          + t.elementType().listElementSize().name() + ");");
      default -> { }
    }
  }

  static byte[] bytes(PointerReader p) {
    java.nio.ByteBuffer b = p.getData(java.nio.ByteBuffer.allocate(0));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static String hex(long v) {
    return String.format("0x%016xL", v);
  }

  /** Orders union members by discriminant. */
  static List<FieldSchema> unionMembers(StructSchema s) {
    List<FieldSchema> members = new ArrayList<>();
    for (FieldSchema f : s.fields()) {
      if (f.inUnion()) {
        members.add(f);
      }
    }
    members.sort(Comparator.comparingInt(FieldSchema::discriminantValue));
    return members;
  }

  Node node(long id) {
    return schema.node(id).orElseThrow();
  }

  String simpleNameOf(long id) {
    String n = names.get(id);
    return n.substring(n.lastIndexOf('.') + 1);
  }
}
