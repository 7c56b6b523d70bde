package io.capa.runtime.internal.config;

import io.capa.runtime.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * INTERNAL API: the type of one YAML setting, converting its node into the value written to HOCON.
 * A conversion failure is an {@link IllegalArgumentException} whose message is the user-facing
 * detail, for instance {@code expected an integer between 0 and 65535, got "abc"}.
 */
@FunctionalInterface
interface ValueType {
  Object convert(Node node);

  static ValueType text() {
    return node -> {
      String s = scalar(node, "a non-empty string");
      if (s.isBlank()) {
        throw new IllegalArgumentException("expected a non-empty string, got \"\"");
      }
      return s;
    };
  }

  /** A string that may be empty, for secrets where empty means "not set". */
  static ValueType secret() {
    return node -> scalar(node, "a string");
  }

  static ValueType oneOf(String... allowed) {
    Set<String> set = Set.of(allowed);
    String expected = "one of " + String.join(", ", allowed);
    return node -> {
      String s = scalar(node, expected);
      if (!set.contains(s)) {
        throw new IllegalArgumentException("expected " + expected + ", got \"" + s + "\"");
      }
      return s;
    };
  }

  static ValueType intBetween(long min, long max) {
    String expected = "an integer between " + min + " and " + max;
    return node -> {
      String s = scalar(node, expected);
      try {
        long v = Long.parseLong(s.strip());
        if (v >= min && v <= max) {
          return v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }
      } catch (NumberFormatException e) {
        // reported below with the value the user wrote
      }
      throw new IllegalArgumentException("expected " + expected + ", got \"" + s + "\"");
    };
  }

  /** A number from 0 to 1, written as a string or a number ({@code "0.25"}, {@code 1}). */
  static ValueType ratio() {
    String expected = "a number between 0 and 1";
    return node -> {
      String s = scalar(node, expected);
      try {
        double v = Double.parseDouble(s.strip());
        if (v >= 0 && v <= 1) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below with the value the user wrote
      }
      throw new IllegalArgumentException("expected " + expected + ", got \"" + s + "\"");
    };
  }

  static ValueType port() {
    return intBetween(0, 65535);
  }

  static ValueType bool() {
    return node -> {
      String s = scalar(node, "true or false");
      switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "true": case "yes": case "on":
          return Boolean.TRUE;
        case "false": case "no": case "off":
          return Boolean.FALSE;
        default:
          throw new IllegalArgumentException("expected true or false, got \"" + s + "\"");
      }
    };
  }

  /** A positive duration, written to HOCON as whole milliseconds (HOCON reads a bare number as ms). */
  static ValueType duration() {
    return node -> {
      String s = scalar(node, "a duration");
      Duration d;
      try {
        d = Durations.parse(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (d.isZero()) {
        throw new IllegalArgumentException("expected a positive duration, got \"" + s + "\"");
      }
      if (d.toNanos() % 1_000_000L != 0) {
        throw new IllegalArgumentException("expected a whole number of milliseconds, got \"" + s + "\"");
      }
      return d.toMillis();
    };
  }

  /** A positive byte count: a plain integer or a number with a unit ({@code 4MiB}, {@code 512KB}). */
  static ValueType byteSize() {
    Pattern pattern = Pattern.compile("(\\d+)\\s*([kKmMgG]i?[bB]|[bB])?");
    String expected = "a positive size in bytes (e.g. 4194304 or 4MiB)";
    return node -> {
      String s = scalar(node, expected).strip();
      Matcher m = pattern.matcher(s);
      if (m.matches()) {
        try {
          long n = Math.multiplyExact(Long.parseLong(m.group(1)), unit(m.group(2)));
          if (n > 0) {
            return n;
          }
        } catch (ArithmeticException | NumberFormatException e) {
          // reported below
        }
      }
      throw new IllegalArgumentException("expected " + expected + ", got \"" + s + "\"");
    };
  }

  static ValueType textList() {
    return node -> {
      if (!(node instanceof SequenceNode)) {
        throw new IllegalArgumentException("expected a list of strings, got " + describe(node));
      }
      List<String> out = new ArrayList<>();
      for (Node item : ((SequenceNode) node).getValue()) {
        out.add(scalar(item, "a list of strings"));
      }
      return out;
    };
  }

  private static long unit(String unit) {
    if (unit == null || unit.equalsIgnoreCase("b")) {
      return 1;
    }
    long base = unit.length() == 3 ? 1024 : 1000;
    switch (Character.toLowerCase(unit.charAt(0))) {
      case 'k':
        return base;
      case 'm':
        return base * base;
      default:
        return base * base * base;
    }
  }

  /** The text of a scalar node, or a failure naming what was found instead. */
  static String scalar(Node node, String expected) {
    if (node instanceof ScalarNode && !Tag.NULL.equals(node.getTag())) {
      return ((ScalarNode) node).getValue();
    }
    throw new IllegalArgumentException("expected " + expected + ", got " + describe(node));
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (Tag.NULL.equals(node.getTag())) {
      return "no value";
    }
    return "\"" + ((ScalarNode) node).getValue() + "\"";
  }
}
