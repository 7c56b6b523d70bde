package io.capa.benchmarks.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** INTERNAL API: a plain-text table with aligned columns, printed to standard output. */
public final class Table {
  private final String title;
  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();

  public Table(String title, String... header) {
    this.title = title;
    this.header = header;
  }

  public Table row(Object... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, header has " + header.length);
    }
    rows.add(Arrays.stream(cells).map(Table::format).toArray(String[]::new));
    return this;
  }

  public void print() {
    int[] w = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      w[i] = header[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder("\n== ").append(title).append(" ==\n");
    line(sb, header, w);
    StringBuilder rule = new StringBuilder("|");
    for (int x : w) {
      rule.append("-".repeat(x + 2)).append('|');
    }
    sb.append(rule).append('\n');
    for (String[] r : rows) {
      line(sb, r, w);
    }
    System.out.print(sb);
    System.out.flush();
  }

  private static void line(StringBuilder sb, String[] cells, int[] w) {
    sb.append('|');
    for (int i = 0; i < cells.length; i++) {
      sb.append(' ').append(String.format("%-" + w[i] + "s", cells[i])).append(" |");
    }
    sb.append('\n');
  }

  private static String format(Object o) {
    if (o instanceof Double d) {
      return d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }
    if (o instanceof Long || o instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) o).longValue());
    }
    return String.valueOf(o);
  }

  /** Microseconds as milliseconds with three decimals, the unit the tables use for latency. */
  public static String ms(long micros) {
    return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
  }

  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("median of nothing");
    }
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
