package io.capa.benchmarks.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** INTERNAL API: {@code --name value} command-line options with defaults, e.g. {@code --round 5s}. */
public final class Args {
  private final Map<String, String> values = new HashMap<>();

  private Args() {}

  public static Args parse(String[] args) {
    Args a = new Args();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      a.values.put(args[i].substring(2), args[++i]);
    }
    return a;
  }

  public String string(String name, String def) {
    return values.getOrDefault(name, def);
  }

  public int integer(String name, int def) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name).replace("_", "")) : def;
  }

  /** Durations as {@code 500ms}, {@code 20s} or {@code 2m}. */
  public Duration duration(String name, String def) {
    String s = values.getOrDefault(name, def).trim();
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException(name + ": expected e.g. 500ms, 20s or 2m, got '" + s + "'");
    };
  }
}
