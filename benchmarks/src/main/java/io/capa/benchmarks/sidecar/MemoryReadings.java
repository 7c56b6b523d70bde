package io.capa.benchmarks.sidecar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API: parsers for what the footprint benchmark reads about another JVM: {@code
 * /proc/<pid>/status}, {@code jstat -gc} and {@code jcmd <pid> VM.native_memory summary}. Each
 * throws {@link IllegalArgumentException} naming what it could not find, so a changed output format
 * fails the run instead of printing zeros.
 */
public final class MemoryReadings {
  // jcmd prints KB by default; -XX:+PrintNMTStatistics prints bytes with no unit.
  private static final Pattern NMT_CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)(KB|MB|GB)?, committed=(\\d+)(KB|MB|GB)?\\)", Pattern.MULTILINE);
  private static final Pattern NMT_TOTAL =
      Pattern.compile("^Total: reserved=(\\d+)(KB|MB|GB)?, committed=(\\d+)(KB|MB|GB)?", Pattern.MULTILINE);
  private static final Pattern NMT_THREADS = Pattern.compile("\\(thread #(\\d+)\\)");

  private MemoryReadings() {}

  /** A field such as {@code VmRSS} or {@code VmHWM} of {@code /proc/<pid>/status}, in KiB. */
  public static long statusKb(String status, String field) {
    Pattern p = Pattern.compile("^" + Pattern.quote(field) + ":\\s+(\\d+) kB\\s*$", Pattern.MULTILINE);
    Matcher m = p.matcher(status == null ? "" : status);
    if (!m.find()) {
      throw new IllegalArgumentException("no '" + field + ": N kB' line in the process status");
    }
    return Long.parseLong(m.group(1));
  }

  /** Java heap used and committed (young + old generations), and metaspace used, from {@code jstat -gc}. */
  public record Heap(long usedKb, long committedKb, long metaspaceUsedKb) {
    public Heap {
      if (usedKb < 0 || committedKb < 0 || metaspaceUsedKb < 0) {
        throw new IllegalArgumentException("negative heap figure: used=" + usedKb + " committed=" + committedKb);
      }
    }
  }

  /** Parses the two lines of {@code jstat -gc <pid>} (a header of column names and a line of values). */
  public static Heap jstatGc(String output) {
    String[] lines = output == null ? new String[0] : output.strip().split("\\R");
    if (lines.length < 2) {
      throw new IllegalArgumentException("jstat -gc output has no header and value line: " + output);
    }
    List<String> names = Arrays.asList(lines[0].trim().split("\\s+"));
    String[] values = lines[lines.length - 1].trim().split("\\s+");
    if (values.length != names.size()) {
      throw new IllegalArgumentException(
          "jstat -gc has " + names.size() + " columns but " + values.length + " values: " + output);
    }
    double used = column(names, values, "S0U") + column(names, values, "S1U") + column(names, values, "EU") + column(names, values, "OU");
    double committed = column(names, values, "S0C") + column(names, values, "S1C") + column(names, values, "EC") + column(names, values, "OC");
    return new Heap(Math.round(used), Math.round(committed), Math.round(column(names, values, "MU")));
  }

  private static double column(List<String> names, String[] values, String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("jstat -gc has no column " + name + " (columns: " + names + ")");
    }
    try {
      return Double.parseDouble(values[i]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("jstat -gc column " + name + " is not a number: '" + values[i] + "'", e);
    }
  }

  /** One category of Native Memory Tracking, in KiB. */
  public record NmtCategory(String name, long reservedKb, long committedKb) {}

  /** The summary of Native Memory Tracking: the total, every category, and the number of threads. */
  public record Nmt(long totalCommittedKb, List<NmtCategory> categories, int threads) {
    public Nmt {
      categories = List.copyOf(categories);
    }

    /** Categories by committed size, largest first. */
    public List<NmtCategory> byCommitted() {
      List<NmtCategory> sorted = new ArrayList<>(categories);
      sorted.sort(Comparator.comparingLong(NmtCategory::committedKb).reversed());
      return sorted;
    }

    public Map<String, Long> committedByName() {
      Map<String, Long> m = new LinkedHashMap<>();
      categories.forEach(c -> m.put(c.name(), c.committedKb()));
      return m;
    }
  }

  /** Parses {@code jcmd <pid> VM.native_memory summary}. */
  public static Nmt nativeMemory(String output) {
    String text = output == null ? "" : output;
    if (text.contains("Native memory tracking is not enabled")) {
      throw new IllegalArgumentException("native memory tracking is off in that JVM: start it with -XX:NativeMemoryTracking=summary");
    }
    Matcher total = NMT_TOTAL.matcher(text);
    if (!total.find()) {
      throw new IllegalArgumentException("no 'Total: reserved=..., committed=...' line in the NMT summary");
    }
    List<NmtCategory> categories = new ArrayList<>();
    Matcher c = NMT_CATEGORY.matcher(text);
    while (c.find()) {
      categories.add(new NmtCategory(c.group(1).trim(), kb(c.group(2), c.group(3)), kb(c.group(4), c.group(5))));
    }
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("no '- Category (reserved=..., committed=...)' lines in the NMT summary");
    }
    Matcher t = NMT_THREADS.matcher(text);
    int threads = t.find() ? Integer.parseInt(t.group(1)) : -1;
    return new Nmt(kb(total.group(3), total.group(4)), categories, threads);
  }

  private static long kb(String number, String unit) {
    long n = Long.parseLong(number);
    if (unit == null) {
      return n / 1024;
    }
    return switch (unit) {
      case "KB" -> n;
      case "MB" -> n * 1024;
      default -> n * 1024 * 1024;
    };
  }
}
