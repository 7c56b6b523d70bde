package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.internal.JsonParser;
import java.util.List;
import java.util.Map;

/** Reads JSON into a struct being built (see {@link JsonCodec}). */
final class JsonDecoder {
  private JsonDecoder() {
  }

  static void decode(String json, DynamicStructBuilder target) {
    JsonParser parser = new JsonParser(json);
    Object v = parser.next();
    if (parser.hasNext()) {
      throw new IllegalArgumentException("JSON error at character " + parser.offset() + ": trailing content");
    }
    decodeStruct(v, target);
  }

  @SuppressWarnings("unchecked")
  static void decodeStruct(Object v, DynamicStructBuilder b) {
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
