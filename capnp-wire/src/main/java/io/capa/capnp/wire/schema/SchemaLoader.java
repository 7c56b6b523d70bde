package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.ListReader;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.StructReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written readers for the parts of schema.capnp we use; this is the bootstrap
 * that lets the code generator and the dynamic API run before any generated code exists.
 * Offsets are those printed by {@code capnp compile -ocapnp schema.capnp}.
 */
final class SchemaLoader {
  private SchemaLoader() {
  }

  static Schema load(MessageReader request) {
    StructReader req = request.root();
    Map<Long, Node> nodes = new HashMap<>();
    ListReader nodeList = req.getList(0, ElementSize.INLINE_COMPOSITE, null);
    for (int i = 0; i < nodeList.size(); i++) {
      Node n = node(nodeList.getStruct(i));
      nodes.put(n.id(), n);
    }
    List<Schema.RequestedFile> files = new ArrayList<>();
    ListReader fileList = req.getList(1, ElementSize.INLINE_COMPOSITE, null);
    for (int i = 0; i < fileList.size(); i++) {
      StructReader f = fileList.getStruct(i);
      Map<Long, String> imports = new LinkedHashMap<>();
      ListReader imp = f.getList(1, ElementSize.INLINE_COMPOSITE, null);
      for (int j = 0; j < imp.size(); j++) {
        imports.put(imp.getStruct(j).getLong(0), imp.getStruct(j).getText(0, ""));
      }
      files.add(new Schema.RequestedFile(f.getLong(0), f.getText(0, ""), imports));
    }
    return new Schema(nodes, files, request);
  }

  private static Node node(StructReader n) {
    long id = n.getLong(0);
    String displayName = n.getText(0, "");
    Map<String, Long> nested = new LinkedHashMap<>();
    ListReader nestedList = n.getList(1, ElementSize.INLINE_COMPOSITE, null);
    for (int i = 0; i < nestedList.size(); i++) {
      StructReader nn = nestedList.getStruct(i);
      nested.put(nn.getText(0, ""), nn.getLong(0));
    }
    List<Node.Annotation> annotations = new ArrayList<>();
    ListReader annList = n.getList(2, ElementSize.INLINE_COMPOSITE, null);
    for (int i = 0; i < annList.size(); i++) {
      StructReader a = annList.getStruct(i);
      annotations.add(new Node.Annotation(a.getLong(0), a.getStruct(0, null)));
    }
    int which = n.getShort(6, (short) 0) & 0xFFFF;
    Node.Kind kind;
    Object detail;
    switch (which) {
      case 0 -> {
        kind = Node.Kind.FILE;
        detail = null;
      }
      case 1 -> {
        kind = Node.Kind.STRUCT;
        detail = struct(id, displayName, n);
      }
      case 2 -> {
        kind = Node.Kind.ENUM;
        List<String> names = new ArrayList<>();
        ListReader es = n.getList(3, ElementSize.INLINE_COMPOSITE, null);
        for (int i = 0; i < es.size(); i++) {
          names.add(es.getStruct(i).getText(0, ""));
        }
        detail = new EnumSchema(id, displayName, names);
      }
      case 3 -> {
        kind = Node.Kind.INTERFACE;
        detail = iface(id, displayName, n);
      }
      case 4 -> {
        kind = Node.Kind.CONST;
        detail = new ConstSchema(id, displayName, type(n.getStruct(3, null)), n.getStruct(4, null));
      }
      case 5 -> {
        kind = Node.Kind.ANNOTATION;
        detail = null;
      }
      default -> throw new CapnpDecodeException("unknown schema node kind " + which + " for " + displayName, -1);
    }
    return new Node(id, displayName, n.getInt(2, 0), n.getLong(2, 0), kind, nested, annotations,
        n.getBool(288, false), detail);
  }

  private static StructSchema struct(long id, String name, StructReader n) {
    List<FieldSchema> fields = new ArrayList<>();
    ListReader fl = n.getList(3, ElementSize.INLINE_COMPOSITE, null);
    for (int i = 0; i < fl.size(); i++) {
      StructReader f = fl.getStruct(i);
      String fname = f.getText(0, "");
      int codeOrder = f.getShort(0, (short) 0) & 0xFFFF;
      int discriminant = f.getShort(1, (short) 0xFFFF) & 0xFFFF;
      int fwhich = f.getShort(4, (short) 0) & 0xFFFF;
      if (fwhich == 1) {
        fields.add(new FieldSchema(fname, i, codeOrder, discriminant, true, f.getLong(2, 0), 0, null, null));
      } else {
        fields.add(new FieldSchema(fname, i, codeOrder, discriminant, false, 0, f.getInt(1, 0),
            type(f.getStruct(2, null)), f.getStruct(3, null)));
      }
    }
    return new StructSchema(id, name, n.getShort(7, (short) 0) & 0xFFFF, n.getShort(12, (short) 0) & 0xFFFF,
        n.getBool(224, false), n.getShort(15, (short) 0) & 0xFFFF, n.getInt(8, 0), fields);
  }

  private static InterfaceSchema iface(long id, String name, StructReader n) {
    List<InterfaceSchema.Method> methods = new ArrayList<>();
    ListReader ml = n.getList(3, ElementSize.INLINE_COMPOSITE, null);
    for (int i = 0; i < ml.size(); i++) {
      StructReader m = ml.getStruct(i);
      methods.add(new InterfaceSchema.Method(i, m.getText(0, ""), m.getLong(1, 0), m.getLong(2, 0)));
    }
    List<Long> supers = new ArrayList<>();
    ListReader sl = n.getList(4, ElementSize.INLINE_COMPOSITE, null);
    for (int i = 0; i < sl.size(); i++) {
      supers.add(sl.getStruct(i).getLong(0));
    }
    return new InterfaceSchema(id, name, methods, supers);
  }

  static Type type(StructReader t) {
    int which = t.getShort(0, (short) 0) & 0xFFFF;
    Type.Kind[] kinds = Type.Kind.values();
    if (which <= 13) {
      return Type.of(kinds[which]);
    }
    return switch (which) {
      case 14 -> new Type(Type.Kind.LIST, type(t.getStruct(0, null)), 0);
      case 15 -> new Type(Type.Kind.ENUM, null, t.getLong(1, 0));
      case 16 -> new Type(Type.Kind.STRUCT, null, t.getLong(1, 0));
      case 17 -> new Type(Type.Kind.INTERFACE, null, t.getLong(1, 0));
      case 18 -> Type.of(Type.Kind.ANY_POINTER);
      default -> throw new CapnpDecodeException("unknown schema type " + which, -1);
    };
  }
}
