package io.capa.components.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What is wrong with a component file, and where.
 *
 * @param file the file
 * @param line 1-based line, or 0 when the problem has no line (the file cannot be read)
 * @param key the YAML path of the offending entry, for instance {@code spec.metadata[1]}; empty
 *     when the problem concerns the whole file or document
 * @param problem what is wrong, in words
 */
public record ComponentError(Path file, int line, String key, String problem) {
  public ComponentError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(problem, "problem");
    if (line < 0) {
      throw new IllegalArgumentException("line must not be negative, got " + line);
    }
  }

  /** {@code file:line: key: problem}, leaving out the parts that are missing. */
  public String message() {
    StringBuilder out = new StringBuilder().append(file);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (!key.isEmpty()) {
      out.append(key).append(": ");
    }
    return out.append(problem).toString();
  }

  @Override
  public String toString() {
    return message();
  }
}
