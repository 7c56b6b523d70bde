package io.capa.runtime.api;

import java.util.Objects;

/**
 * The configuration file cannot be used. The message always names where the problem is, as
 * {@code source:line: key: what is wrong}, so that it can be shown to the user unchanged.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String key;

  /**
   * @param source the file name (or a description of an in-memory source)
   * @param line the 1-based line, or 0 when the problem has no line (the file cannot be read)
   * @param key the dotted YAML key, or empty when the problem is not about one key
   */
  public ConfigException(String source, int line, String key, String detail, Throwable cause) {
    super(format(source, line, key, detail), cause);
    this.source = Objects.requireNonNull(source, "source");
    this.line = line;
    this.key = Objects.requireNonNullElse(key, "");
  }

  public ConfigException(String source, int line, String key, String detail) {
    this(source, line, key, detail, null);
  }

  public String source() {
    return source;
  }

  /** The 1-based line of the problem, 0 when unknown. */
  public int line() {
    return line;
  }

  /** The dotted YAML key, for instance {@code sidecar.port}; empty when not about one key. */
  public String key() {
    return key;
  }

  private static String format(String source, int line, String key, String detail) {
    StringBuilder b = new StringBuilder(source);
    if (line > 0) {
      b.append(':').append(line);
    }
    b.append(": ");
    if (key != null && !key.isEmpty()) {
      b.append(key).append(": ");
    }
    return b.append(detail).toString();
  }
}
