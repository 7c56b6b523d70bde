package io.capa.bindings.internal.postgresql;

import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API. PostgreSQL's {@code $1, $2} placeholders (what Dapr's bindings take) as JDBC's
 * {@code ?}, with the parameter number of each {@code ?} in order; quoted text and identifiers,
 * comments and dollar-quoted strings are left alone.
 */
record Placeholders(String sql, List<Integer> order) {

  static Placeholders rewrite(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    List<Integer> order = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = sql.indexOf(c, i + 1);
        end = end < 0 ? sql.length() : end + 1;
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < sql.length() && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        order.add(Integer.parseInt(sql.substring(i + 1, j)));
        out.append('?');
        i = j;
      } else if (c == '$') {
        // A dollar-quoted string: $tag$ ... $tag$
        int close = sql.indexOf('$', i + 1);
        String tag = close < 0 ? null : sql.substring(i, close + 1);
        if (tag != null && tag.substring(1, tag.length() - 1).matches("[A-Za-z_]*")) {
          int end = sql.indexOf(tag, close + 1);
          end = end < 0 ? sql.length() : end + tag.length();
          out.append(sql, i, end);
          i = end;
        } else {
          out.append(c);
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return new Placeholders(out.toString(), List.copyOf(order));
  }
}
