package io.capa.bindings.spi;

import io.capa.components.spi.ComponentConfig;
import java.util.Locale;

/**
 * Dapr's {@code direction} metadata: {@code input}, {@code output} or {@code input, output}; a
 * component without it is both, where its type supports both.
 */
public record Direction(boolean input, boolean output) {
  public static final Direction BOTH = new Direction(true, true);

  public static Direction from(ComponentConfig config) {
    String raw = config.string("direction", "");
    if (raw.isBlank()) {
      return BOTH;
    }
    boolean in = false;
    boolean out = false;
    for (String part : raw.split(",")) {
      switch (part.trim().toLowerCase(Locale.ROOT)) {
        case "input" -> in = true;
        case "output" -> out = true;
        default -> throw config.invalid("direction", "'" + raw + "' is not input, output or \"input, output\"");
      }
    }
    return new Direction(in, out);
  }
}
