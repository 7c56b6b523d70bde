package io.capa.capnp.wire.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API.
 *
 * <p>A small strict JSON parser. Objects become LinkedHashMaps, arrays Lists, numbers
 * {@link Num} (the literal text, so 64-bit integers keep every digit), null {@link #NULL}.
 * Errors are IllegalArgumentExceptions naming the character offset.
 */
public final class JsonParser {
  /** The JSON null literal. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** A number literal. */
  public record Num(String text) {
  }

  private final String s;
  private int p;

  public JsonParser(String s) {
    this.s = s;
  }

  /** Whether another value follows (after whitespace). */
  public boolean hasNext() {
    skipWs();
    return p < s.length();
  }

  public int offset() {
    return p;
  }

  public Object next() {
    skipWs();
    Object v = value(0);
    return v;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON error at character " + p + ": " + what);
  }

  private void skipWs() {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
  }

  private Object value(int depth) {
    if (depth > 128) {
      throw error("nesting too deep");
    }
    skipWs();
    if (p >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(p);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, p)) {
      throw error("expected " + word);
    }
    p += word.length();
    return v;
  }

  private Num number() {
    int start = p;
    if (s.charAt(p) == '-') {
      p++;
    }
    while (p < s.length() && "0123456789.eE+-".indexOf(s.charAt(p)) >= 0) {
      p++;
    }
    String text = s.substring(start, p);
    try {
      Double.parseDouble(text);
    } catch (NumberFormatException e) {
      p = start;
      throw error("malformed number " + text);
    }
    return new Num(text);
  }

  private Map<String, Object> object(int depth) {
    p++;
    Map<String, Object> m = new LinkedHashMap<>();
    skipWs();
    if (p < s.length() && s.charAt(p) == '}') {
      p++;
      return m;
    }
    while (true) {
      skipWs();
      if (p >= s.length() || s.charAt(p) != '"') {
        throw error("expected a field name");
      }
      String key = string();
      skipWs();
      expect(':');
      m.put(key, value(depth + 1));
      skipWs();
      if (p < s.length() && s.charAt(p) == ',') {
        p++;
        continue;
      }
      expect('}');
      return m;
    }
  }

  private List<Object> array(int depth) {
    p++;
    List<Object> l = new ArrayList<>();
    skipWs();
    if (p < s.length() && s.charAt(p) == ']') {
      p++;
      return l;
    }
    while (true) {
      l.add(value(depth + 1));
      skipWs();
      if (p < s.length() && s.charAt(p) == ',') {
        p++;
        continue;
      }
      expect(']');
      return l;
    }
  }

  private void expect(char c) {
    if (p >= s.length() || s.charAt(p) != c) {
      throw error("expected '" + c + "'");
    }
    p++;
  }

  private String string() {
    p++;
    StringBuilder b = new StringBuilder();
    while (true) {
      if (p >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(p++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (p >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(p++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (p + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          p += 4;
        }
        default -> throw error("unknown escape \\" + e);
      }
    }
  }
}
