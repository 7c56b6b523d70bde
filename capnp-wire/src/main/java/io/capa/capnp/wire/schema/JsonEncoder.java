package io.capa.capnp.wire.schema;

import java.nio.ByteBuffer;

/**
 * Writes a struct as JSON the way the reference does (see {@link JsonCodec}). Layout
 * follows the reference printer: a list or object goes one element per line when it has
 * several elements and one of them is multi-line or longer than 50 bytes.
 */
final class JsonEncoder {
  private final boolean pretty;
  private boolean multiline;

  JsonEncoder(boolean pretty) {
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
    int precision = 15;
    java.math.BigDecimal r = exact.round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
    if (r.doubleValue() != d) {
      precision = 17;
      r = exact.round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
    }
    return formatG(r, precision);
  }

  /**
   * The same for a Float32, as the text format prints it: {@code %.6g}, else {@code %.8g}
   * (the reference stops at 8 digits, which does not always round-trip).
   */
  static String shortestG(float f) {
    java.math.BigDecimal exact = new java.math.BigDecimal(f);
    int precision = 6;
    java.math.BigDecimal r = exact.round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
    if (Float.parseFloat(r.toString()) != f) {
      precision = 8;
      r = exact.round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
    }
    return formatG(r, precision);
  }

  /** {@code %g} layout of an already rounded value; the reference drops the exponent's '+'. */
  private static String formatG(java.math.BigDecimal rounded, int precision) {
    if (rounded.signum() == 0) {
      return "0";
    }
    java.math.BigDecimal r = rounded.stripTrailingZeros();
    int exponent = r.precision() - r.scale() - 1;
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
      int e = Math.abs(exponent);
      return b.append('e').append(exponent < 0 ? "-" : "").append(e < 10 ? "0" : "").append(e).toString();
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
}
