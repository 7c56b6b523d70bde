package io.capa.capnp.wire.conformance;

import io.capa.capnp.wire.internal.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses JSON for comparison: numbers become doubles so 1e300 equals 1.0E300 and 17-digit output equals the shortest form. */
final class JsonTrees {
  private JsonTrees() {
  }

  static Object parse(String json) {
    return normalize(new JsonParser(json.trim()).next());
  }

  @SuppressWarnings("unchecked")
  private static Object normalize(Object v) {
    if (v instanceof JsonParser.Num n) {
      return Double.valueOf(n.text());
    }
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) v).forEach((k, x) -> out.put(k, normalize(x)));
      return out;
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      ((List<Object>) v).forEach(x -> out.add(normalize(x)));
      return out;
    }
    return v == JsonParser.NULL ? "<null>" : v;
  }
}
