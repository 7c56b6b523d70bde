package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.internal.JsonParser;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * JSON with the reference's default mapping ({@code capnp convert binary:json}):
 * structs and groups are objects in field order; a union member appears when active and
 * either non-default or not the first member; null pointers are omitted; 64-bit
 * integers are strings; NaN and infinities are the strings "NaN", "Infinity",
 * "-Infinity"; Data is an array of byte values; enums are names (numbers when unknown);
 * Void is null. AnyPointer and capabilities cannot be encoded (as in the reference).
 * Decoding accepts what encoding produces plus numbers given as strings and vice versa,
 * and ignores unknown fields.
 */
public final class JsonCodec {
  private JsonCodec() {
  }

  /** Encodes like {@code capnp convert binary:json} (pretty: long lists break into lines). */
  public static String encode(DynamicStruct value) {
    return encode(value, true);
  }

  /** @param pretty false gives the one-line form of {@code --short} */
  public static String encode(DynamicStruct value, boolean pretty) {
    return new Encoder(pretty).struct(value, 0, false);
  }

  /**
   * Layout follows the reference printer: a list or object goes one element per line when
   * it has several elements and one of them is multi-line or longer than 50 characters.
   */
  private static final class Encoder {
    private final boolean pretty;
    private boolean multiline;

    Encoder(boolean pretty) {
      this.pretty = pretty;
    }

    String struct(DynamicStruct s, int indent, boolean hasPrefix) {
      java.util.List<String[]> fields = new java.util.ArrayList<>();
      java.util.Optional<FieldSchema> active = s.which();
      for (FieldSchema f : s.type().fields()) {
        boolean include = f.inUnion()
            ? active.isPresent() && active.get() == f && (f.discriminantValue() != 0 || s.has(f))
            : s.has(f);
        if (include) {
          fields.add(new String[] {f.name(), null});
        }
      }
      int sub = indent + (fields.size() > 1 ? 1 : 0);
      boolean childMultiline = false;
      java.util.List<String> encoded = new java.util.ArrayList<>();
      for (String[] nf : fields) {
        FieldSchema f = s.type().field(nf[0]).orElseThrow();
        multiline = false;
        String v;
        if (!f.isGroup() && f.type().isPointer() && !s.has(f)) {
          v = "null";
        } else if (f.isGroup()) {
          v = struct((DynamicStruct) s.get(f), sub, true);
        } else {
          v = value(s.get(f), f.type(), sub, true);
        }
        childMultiline |= multiline;
        StringBuilder b = new StringBuilder();
        quote(f.name(), b);
        encoded.add(b.append(pretty ? ": " : ":").append(v).toString());
      }
      return "{" + list(encoded, childMultiline, indent, hasPrefix) + "}";
    }

    private String list(java.util.List<String> elements, boolean hasMultilineElement, int indent,
        boolean hasPrefix) {
      int maxChild = 0;
      for (String e : elements) {
        // The reference measures bytes, not characters.
        maxChild = Math.max(maxChild, e.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      }
      if (!pretty) {
        multiline = false;
        return String.join(",", elements);
      }
      if (elements.size() > 1 && (hasMultilineElement || maxChild > 50)) {
        String space = " ".repeat((indent + 1) * 2);
        multiline = true;
        String prefix = hasPrefix ? "\n" + space : " ";
        return prefix + String.join(",\n" + space, elements) + " ";
      }
      multiline = hasMultilineElement;
      return String.join(", ", elements);
    }

    private String value(Object v, Type t, int indent, boolean hasPrefix) {
      StringBuilder out = new StringBuilder();
      multiline = false;
      switch (t.kind()) {
        case VOID -> out.append("null");
        case BOOL, INT8, INT16, INT32, UINT8, UINT16, UINT32 -> out.append(v);
        case INT64 -> out.append('"').append(v).append('"');
        case UINT64 -> out.append('"').append(Long.toUnsignedString((Long) v)).append('"');
        // The reference widens Float32 to double before printing.
        case FLOAT32 -> floating(((Float) v).doubleValue(), out);
        case FLOAT64 -> floating((Double) v, out);
        case ENUM -> {
          DynamicEnum e = (DynamicEnum) v;
          if (e.name().isPresent()) {
            quote(e.name().get(), out);
          } else {
            out.append(e.ordinal());
          }
        }
        case TEXT -> quote((String) v, out);
        case DATA -> {
          ByteBuffer b = (ByteBuffer) v;
          java.util.List<String> items = new java.util.ArrayList<>();
          for (int i = b.position(); i < b.limit(); i++) {
            items.add(Integer.toString(b.get(i) & 0xFF));
          }
          return "[" + list(items, false, indent, hasPrefix) + "]";
        }
        case STRUCT -> {
          return struct((DynamicStruct) v, indent, hasPrefix);
        }
        case LIST -> {
          DynamicList l = (DynamicList) v;
          int sub = indent + (l.size() > 1 ? 1 : 0);
          boolean childMultiline = false;
          java.util.List<String> items = new java.util.ArrayList<>();
          for (int i = 0; i < l.size(); i++) {
            items.add(value(l.get(i), l.elementType(), sub, false));
            childMultiline |= multiline;
          }
          return "[" + list(items, childMultiline, indent, hasPrefix) + "]";
        }
        default -> throw new UnsupportedOperationException("cannot encode " + t.kind() + " as JSON");
      }
      return out.toString();
    }
  }

  private static void floating(double d, StringBuilder out) {
    if (Double.isNaN(d)) {
      out.append("\"NaN\"");
    } else if (Double.isInfinite(d)) {
      out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else if (d == 0 && 1 / d < 0) {
      out.append("-0");
    } else {
      out.append(shortestG(d));
    }
  }

  /**
   * Formats like C's {@code %.15g}, falling back to {@code %.17g} when 15 digits do not
   * round-trip, which is how the reference prints doubles (1e20, 1e-07, 0.0001).
   */
  static String shortestG(double d) {
    java.math.BigDecimal exact = new java.math.BigDecimal(d);
    java.math.BigDecimal r = exact.round(new java.math.MathContext(15, java.math.RoundingMode.HALF_EVEN));
    if (r.doubleValue() != d) {
      r = exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
    }
    r = r.stripTrailingZeros();
    int exponent = r.precision() - r.scale() - 1;
    int precision = r.precision() > 15 ? 17 : 15;
    if (exponent < -4 || exponent >= precision) {
      String digits = r.unscaledValue().abs().toString();
      StringBuilder b = new StringBuilder();
      if (r.signum() < 0) {
        b.append('-');
      }
      b.append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      // The reference drops the '+' of positive exponents and keeps two digits for negative ones.
      b.append('e');
      if (exponent < 0) {
        b.append(exponent > -10 ? "-0" : "-").append(-exponent);
      } else {
        b.append(exponent);
      }
      return b.toString();
    }
    return r.toPlainString();
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Parses one JSON object into {@code target}. */
  public static void decode(String json, DynamicStructBuilder target) {
    JsonParser parser = new JsonParser(json);
    Object v = parser.next();
    if (parser.hasNext()) {
      throw new IllegalArgumentException("JSON error at character " + parser.offset() + ": trailing content");
    }
    decodeStruct(v, target);
  }

  /** Decodes an already parsed JSON value (from {@link JsonParser}) into {@code target}. */
  public static void decodeParsed(Object parsed, DynamicStructBuilder target) {
    decodeStruct(parsed, target);
  }

  @SuppressWarnings("unchecked")
  private static void decodeStruct(Object v, DynamicStructBuilder b) {
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object for " + b.type().displayName());
    }
    for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
      java.util.Optional<FieldSchema> fo = b.type().field(e.getKey());
      if (fo.isEmpty()) {
        continue;
      }
      FieldSchema f = fo.get();
      Object value = e.getValue();
      if (f.isGroup()) {
        decodeStruct(value, b.init(f));
      } else if (f.type().kind() == Type.Kind.STRUCT && value != JsonParser.NULL) {
        decodeStruct(value, b.init(f));
      } else if (f.type().kind() == Type.Kind.LIST && value != JsonParser.NULL) {
        List<Object> items = asList(value, f.name());
        decodeList(items, b.initList(f, items.size()));
      } else {
        b.set(f, scalar(value, f.type(), b.schema(), f.name()));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object v, String what) {
    if (!(v instanceof List)) {
      throw new IllegalArgumentException("expected a JSON array for " + what);
    }
    return (List<Object>) v;
  }

  private static void decodeList(List<Object> items, DynamicListBuilder l) {
    Type t = l.elementType();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (t.kind() == Type.Kind.STRUCT) {
        decodeStruct(item, l.getStruct(i));
      } else if (t.kind() == Type.Kind.LIST && item != JsonParser.NULL) {
        List<Object> inner = asList(item, "list element " + i);
        decodeList(inner, l.initList(i, inner.size()));
      } else {
        l.set(i, scalar(item, t, l.schema(), "list element " + i));
      }
    }
  }

  private static Object scalar(Object v, Type t, Schema schema, String what) {
    if (v == JsonParser.NULL) {
      return switch (t.kind()) {
        case VOID, TEXT, DATA, LIST, STRUCT, INTERFACE, ANY_POINTER -> null;
        default -> throw new IllegalArgumentException("null is not a " + t.kind() + " for " + what);
      };
    }
    try {
      return switch (t.kind()) {
        case VOID -> null;
        case BOOL -> {
          if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("expected true or false");
          }
          yield b;
        }
        case INT8 -> inRange(Long.parseLong(numberText(v)), Byte.MIN_VALUE, Byte.MAX_VALUE);
        case INT16 -> inRange(Long.parseLong(numberText(v)), Short.MIN_VALUE, Short.MAX_VALUE);
        case INT32 -> inRange(Long.parseLong(numberText(v)), Integer.MIN_VALUE, Integer.MAX_VALUE);
        case INT64 -> Long.parseLong(numberText(v));
        case UINT8 -> inRange(Long.parseLong(numberText(v)), 0, 0xFF);
        case UINT16 -> inRange(Long.parseLong(numberText(v)), 0, 0xFFFF);
        case UINT32 -> inRange(Long.parseLong(numberText(v)), 0, 0xFFFFFFFFL);
        case UINT64 -> Long.parseUnsignedLong(numberText(v));
        case FLOAT32, FLOAT64 -> parseFloat(numberText(v));
        case ENUM -> v instanceof String s ? s : (Object) Integer.parseInt(numberText(v));
        case TEXT -> {
          if (!(v instanceof String s)) {
            throw new IllegalArgumentException("expected a string");
          }
          yield s;
        }
        case DATA -> {
          List<Object> items = asList(v, what);
          byte[] bytes = new byte[items.size()];
          for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) inRange(Long.parseLong(numberText(items.get(i))), 0, 0xFF);
          }
          yield bytes;
        }
        default -> throw new IllegalArgumentException("cannot decode " + t.kind() + " from JSON");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number for " + what + ": " + v, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static long inRange(long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("value " + value + " out of range [" + min + ", " + max + "]");
    }
    return value;
  }

  private static String numberText(Object v) {
    if (v instanceof JsonParser.Num n) {
      String text = n.text();
      // Integers written with a fraction or exponent (e.g. 1e3) still denote integers.
      if (text.contains(".") || text.contains("e") || text.contains("E")) {
        double d = Double.parseDouble(text);
        if (d == Math.rint(d) && Math.abs(d) < 9.0e18) {
          return Long.toString((long) d);
        }
      }
      return text;
    }
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("expected a number, got " + v);
  }

  private static double parseFloat(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
