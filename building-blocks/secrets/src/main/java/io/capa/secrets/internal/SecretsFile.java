package io.capa.secrets.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * INTERNAL API. How a secrets file (JSON or YAML; JSON is read as YAML) becomes secrets.
 *
 * <pre>
 * {"db": {"user": "u", "password": "p"}, "token": "t", "hosts": ["a", "b"]}
 *
 * single-valued (default), separator ":"     multi-valued
 *   db:user     -> {db:user: u}                db    -> {user: u, password: p}
 *   db:password -> {db:password: p}            token -> {token: t}
 *   token       -> {token: t}                  hosts -> {0: a, 1: b}
 *   hosts:0     -> {hosts:0: a} ...
 * </pre>
 *
 * @param separator joins the keys of nested maps and list indexes
 * @param multiValued whether each top-level key is one secret holding its nested values
 */
record SecretsFile(String separator, boolean multiValued) {

  Map<String, Map<String, String>> parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object root = new Yaml(new SafeConstructor(options)).load(text);
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new IllegalArgumentException("a secrets file must hold a map of names to values");
    }
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (multiValued && (e.getValue() instanceof Map || e.getValue() instanceof List)) {
        Map<String, String> values = new LinkedHashMap<>();
        flatten("", e.getValue(), values);
        out.put(key, Collections.unmodifiableMap(values));
      } else {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(key, e.getValue(), flat);
        flat.forEach((k, v) -> out.put(k, Map.of(k, v)));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private void flatten(String prefix, Object value, Map<String, String> out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(join(prefix, String.valueOf(k)), v, out));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        flatten(join(prefix, Integer.toString(i)), list.get(i), out);
      }
    } else {
      out.put(prefix, value == null ? "" : String.valueOf(value));
    }
  }

  private String join(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + separator + key;
  }
}
