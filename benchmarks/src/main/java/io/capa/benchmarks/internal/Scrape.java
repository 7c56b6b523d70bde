package io.capa.benchmarks.internal;

import java.util.ArrayList;
import java.util.List;

/** INTERNAL API: reads samples out of the runtime's Prometheus text exposition. */
public final class Scrape {
  private Scrape() {}

  /**
   * The value of the first sample of {@code metric} whose labels contain {@code labelText} (empty
   * also matches a sample without labels); 0 if none.
   */
  public static double value(String text, String metric, String labelText) {
    for (String line : text.split("\n")) {
      boolean labelled = line.startsWith(metric + "{") && line.contains(labelText);
      if (labelled || (labelText.isEmpty() && line.startsWith(metric + " "))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** A histogram's cumulative buckets: upper bound in seconds ({@code +Inf} as infinity) and count. */
  public record Bucket(double le, double count) {}

  public static List<Bucket> buckets(String text, String histogram, String labelText) {
    List<Bucket> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith(histogram + "_bucket{") && line.contains(labelText)) {
        int at = line.indexOf("le=\"") + 4;
        String le = line.substring(at, line.indexOf('"', at));
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        out.add(new Bucket(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
      }
    }
    return out;
  }

  /**
   * The upper bound of the bucket holding quantile {@code q} of the samples added between two
   * scrapes: a histogram with fixed buckets can only say "at most this".
   */
  public static double quantileBound(List<Bucket> before, List<Bucket> after, double q) {
    double total = after.get(after.size() - 1).count() - (before.isEmpty() ? 0 : before.get(before.size() - 1).count());
    if (total <= 0) {
      return Double.NaN;
    }
    for (int i = 0; i < after.size(); i++) {
      double c = after.get(i).count() - (before.isEmpty() ? 0 : before.get(i).count());
      if (c >= q * total) {
        return after.get(i).le();
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
