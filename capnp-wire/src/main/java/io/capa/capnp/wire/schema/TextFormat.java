package io.capa.capnp.wire.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema-language text form that {@code capnp convert binary:text} prints, e.g.
 * {@code (id = 7, label = "seven", tags = [a, b])}. Fields are chosen as for JSON (null
 * pointers left out, a union member when active and non-default or not the first).
 * Pretty output puts the items of a list or struct on their own lines unless every item
 * is short (at most 24 bytes, no line break) and, for structs, all together at most 64.
 */
public final class TextFormat {
  private static final int MAX_INLINE_VALUE = 24;
  private static final int MAX_INLINE_RECORD = 64;

  private enum Mode { BARE, PREFIXED }

  private TextFormat() {
  }

  public static String print(DynamicStruct value, boolean pretty) {
    return struct(value, pretty ? 1 : 0, Mode.BARE);
  }

  private static int next(int indent) {
    return indent == 0 ? 0 : indent + 1;
  }

  private static String delimit(List<String> items, int indent, Mode mode, boolean record) {
    if (indent == 0 || allInline(items, record)) {
      return String.join(", ", items);
    }
    String spaces = " ".repeat(indent * 2);
    return (mode == Mode.BARE ? " " : "\n" + spaces) + String.join(",\n" + spaces, items) + " ";
  }

  private static boolean allInline(List<String> items, boolean record) {
    int total = 0;
    for (String item : items) {
      int size = item.getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_INLINE_VALUE || item.indexOf('\n') >= 0) {
        return false;
      }
      total += size;
      if (record && total > MAX_INLINE_RECORD) {
        return false;
      }
    }
    return true;
  }

  private static String struct(DynamicStruct s, int indent, Mode mode) {
    List<String> fields = new ArrayList<>();
    Optional<FieldSchema> active = s.which();
    for (FieldSchema f : s.type().fields()) {
      boolean include = f.inUnion()
          ? active.isPresent() && active.get() == f && (f.discriminantValue() != 0 || s.has(f))
          : s.has(f);
      if (include) {
        String v = f.isGroup() ? struct((DynamicStruct) s.get(f), next(indent), Mode.PREFIXED)
            : value(s.get(f), f.type(), next(indent), Mode.PREFIXED);
        fields.add(f.name() + " = " + v);
      }
    }
    return "(" + delimit(fields, indent, mode, true) + ")";
  }

  private static String value(Object v, Type t, int indent, Mode mode) {
    return switch (t.kind()) {
      case VOID -> "void";
      case BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> String.valueOf(v);
      case UINT64 -> Long.toUnsignedString((Long) v);
      case FLOAT32 -> floating(((Float) v).doubleValue(), true);
      case FLOAT64 -> floating((Double) v, false);
      case ENUM -> {
        DynamicEnum e = (DynamicEnum) v;
        yield e.name().orElse("(" + e.ordinal() + ")");
      }
      case TEXT -> quote(((String) v).getBytes(StandardCharsets.UTF_8), false);
      case DATA -> {
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        yield quote(bytes, true);
      }
      case STRUCT -> struct((DynamicStruct) v, indent, mode);
      case LIST -> {
        DynamicList l = (DynamicList) v;
        List<String> items = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
          Object item = l.get(i);
          items.add(l.elementType().kind() == Type.Kind.INTERFACE && item == null ? "null"
              : value(item, l.elementType(), next(indent), Mode.BARE));
        }
        yield "[" + delimit(items, indent, mode, false) + "]";
      }
      case INTERFACE -> "<external capability>";
      case ANY_POINTER -> "<opaque pointer>";
    };
  }

  private static String floating(double d, boolean single) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    return single ? JsonEncoder.shortestG((float) d) : JsonEncoder.shortestG(d);
  }

  /** C-style escapes as the reference prints them; Data also escapes bytes above 0x7E. */
  private static String quote(byte[] bytes, boolean data) {
    StringBuilder out = new StringBuilder("\"");
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    for (byte x : bytes) {
      int b = x & 0xFF;
      String esc = switch (b) {
        case 7 -> "\\a";
        case 8 -> "\\b";
        case 12 -> "\\f";
        case 10 -> "\\n";
        case 13 -> "\\r";
        case 9 -> "\\t";
        case 11 -> "\\v";
        case '\'' -> "\\'";
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        default -> b < 0x20 || b == 0x7F || (data && b > 0x7F)
            ? "\\" + (b >> 6) + ((b >> 3) & 7) + (b & 7) : null;
      };
      if (esc == null) {
        raw.write(b);
      } else {
        out.append(new String(raw.toByteArray(), StandardCharsets.UTF_8)).append(esc);
        raw.reset();
      }
    }
    return out.append(new String(raw.toByteArray(), StandardCharsets.UTF_8)).append('"').toString();
  }
}
