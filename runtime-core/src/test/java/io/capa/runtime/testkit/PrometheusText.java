package io.capa.runtime.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for checking what the registry writes: every
 * line must be a HELP, a TYPE or a sample of a declared family, or the parse fails.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  public final Map<String, String> types = new HashMap<>();
  public final List<Sample> samples = new ArrayList<>();

  public static PrometheusText parse(String text) {
    PrometheusText out = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("exposition must end with a newline");
    }
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        continue;
      }
      if ((m = TYPE.matcher(line)).matches()) {
        if (out.types.put(m.group(1), m.group(2)) != null) {
          throw new IllegalArgumentException("family typed twice: " + line);
        }
        continue;
      }
      if (!(m = SAMPLE.matcher(line)).matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      String name = m.group(1);
      if (family(out, name) == null) {
        throw new IllegalArgumentException("sample of an undeclared family: " + line);
      }
      out.samples.add(new Sample(name, labels(m.group(3), line), value(m.group(4), line)));
    }
    return out;
  }

  /** The value of the one sample with this name and exactly these labels. */
  public double value(String name, Map<String, String> labels) {
    List<Sample> found = new ArrayList<>();
    for (Sample s : samples) {
      if (s.name().equals(name) && s.labels().equals(labels)) {
        found.add(s);
      }
    }
    if (found.size() != 1) {
      throw new AssertionError("expected one sample " + name + labels + ", found " + found);
    }
    return found.get(0).value();
  }

  private static String family(PrometheusText out, String sample) {
    if (out.types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if ("histogram".equals(out.types.get(base))) {
          return base;
        }
      }
    }
    return null;
  }

  private static Map<String, String> labels(String text, String line) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("bad labels in: " + line);
      }
      String value = unescape(m.group(2));
      if (labels.put(m.group(1), value) != null) {
        throw new IllegalArgumentException("label repeated in: " + line);
      }
      at = m.end();
    }
    return labels;
  }

  private static String unescape(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\') {
        char next = v.charAt(++i);
        b.append(next == 'n' ? '\n' : next);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static double value(String text, String line) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad value in: " + line);
        }
    }
  }
}
