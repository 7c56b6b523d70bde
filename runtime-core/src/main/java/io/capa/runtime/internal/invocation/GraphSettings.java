package io.capa.runtime.internal.invocation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import io.capa.runtime.api.ConfigException;
import java.time.Duration;

/**
 * INTERNAL API: the {@code capa.invocation.*} settings of the invocation graph, validated once at
 * start. Every error is a {@link ConfigException} naming the HOCON path and, when known, the file
 * and line it came from.
 */
public record GraphSettings(
    int entryBuffer,
    int perTargetParallelism,
    int perTargetQueue,
    int maxWaiting,
    Duration maxWait,
    Duration retryAfter) {
  static final String PREFIX = "capa.invocation.";
  /**
   * Bounds far above any sensible setting: a typo like an extra zero must fail at start rather
   * than let the graph allocate a huge buffer or hold an unbounded backlog.
   */
  static final int MAX_COUNT = 1_000_000;

  public GraphSettings {
    check("entry-buffer", entryBuffer, 1);
    check("per-target-parallelism", perTargetParallelism, 1);
    check("per-target-queue", perTargetQueue, 0);
    check("max-waiting", maxWaiting, 1);
    checkPositive("max-wait", maxWait);
    checkPositive("retry-after", retryAfter);
  }

  public static GraphSettings from(Config config) {
    return new GraphSettings(
        count(config, "entry-buffer", 1),
        count(config, "per-target-parallelism", 1),
        count(config, "per-target-queue", 0),
        count(config, "max-waiting", 1),
        duration(config, "max-wait"),
        duration(config, "retry-after"));
  }

  private static int count(Config config, String key, int min) {
    String path = PREFIX + key;
    try {
      long v = config.getLong(path);
      if (v < min || v > MAX_COUNT) {
        throw error(config, path, "must be between " + min + " and " + MAX_COUNT + ", got " + v, null);
      }
      return (int) v;
    } catch (com.typesafe.config.ConfigException e) {
      throw error(config, path, "expected a whole number (" + typesafeDetail(e) + ")", e);
    }
  }

  private static Duration duration(Config config, String key) {
    String path = PREFIX + key;
    try {
      Duration d = config.getDuration(path);
      if (d.isNegative() || d.isZero()) {
        throw error(config, path, "must be a positive duration, got " + d, null);
      }
      return d;
    } catch (com.typesafe.config.ConfigException e) {
      throw error(config, path, "expected a duration such as 500ms or 5s (" + typesafeDetail(e) + ")", e);
    }
  }

  private static String typesafeDetail(com.typesafe.config.ConfigException e) {
    // Typesafe prefixes its message with the origin, which our message already carries.
    String m = String.valueOf(e.getMessage());
    int colon = m.indexOf(": ");
    return colon >= 0 && e.origin() != null ? m.substring(colon + 2) : m;
  }

  private static ConfigException error(Config config, String path, String detail, Throwable cause) {
    String source = "configuration";
    int line = 0;
    try {
      ConfigOrigin origin = config.getValue(path).origin();
      source = origin.filename() != null ? origin.filename() : origin.description();
      line = origin.filename() != null ? Math.max(0, origin.lineNumber()) : 0;
    } catch (com.typesafe.config.ConfigException e) {
      // missing or null: no origin to name, the path says enough
    }
    return new ConfigException(source, line, path, detail, cause);
  }

  private static void check(String key, int value, int min) {
    if (value < min || value > MAX_COUNT) {
      throw new ConfigException(
          "settings", 0, PREFIX + key, "must be between " + min + " and " + MAX_COUNT + ", got " + value);
    }
  }

  private static void checkPositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new ConfigException("settings", 0, PREFIX + key, "must be a positive duration, got " + value);
    }
  }
}
