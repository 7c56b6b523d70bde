package io.capa.components.spi;

import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component's definition with its metadata resolved: every {@code secretKeyRef} replaced by the
 * secret's value. The typed getters turn a wrong value into an error that names the file, the line,
 * the component and the metadata field, the way every component should report bad metadata.
 *
 * <p>Names are matched without regard to case, as Dapr does ({@code redisHost} and {@code
 * redishost} are the same field). A getter may name aliases, tried in order after the main name, for
 * fields that Dapr spells differently across component types.
 *
 * @param spec the definition as the file gives it (secret references unresolved)
 * @param metadata the resolved metadata, name to value, in file order
 */
public record ComponentConfig(ComponentSpec spec, Map<String, String> metadata) {
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  public ComponentConfig {
    Objects.requireNonNull(spec, "spec");
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
  }

  /** The component's name, {@code metadata.name}. */
  public String name() {
    return spec.name();
  }

  /** The value of the first of {@code name} and its aliases that is set and not blank. */
  public Optional<String> find(String name, String... aliases) {
    Optional<String> v = lookup(name);
    for (int i = 0; v.isEmpty() && i < aliases.length; i++) {
      v = lookup(aliases[i]);
    }
    return v;
  }

  private Optional<String> lookup(String name) {
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isBlank()) {
        return Optional.of(e.getValue().trim());
      }
    }
    return Optional.empty();
  }

  /** A field that must be set. */
  public String required(String name, String... aliases) {
    return find(name, aliases).orElseThrow(() -> invalid(name, "missing; this component type requires it"));
  }

  public String string(String name, String fallback, String... aliases) {
    return find(name, aliases).orElse(fallback);
  }

  public int integer(String name, int fallback, String... aliases) {
    long v = longValue(name, fallback, aliases);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw invalid(name, "'" + v + "' is out of range for an integer");
    }
    return (int) v;
  }

  public long longValue(String name, long fallback, String... aliases) {
    Optional<String> v = find(name, aliases);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.get());
    } catch (NumberFormatException e) {
      throw invalid(name, "'" + v.get() + "' is not a whole number");
    }
  }

  /** {@code true}/{@code false}, also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}. */
  public boolean bool(String name, boolean fallback, String... aliases) {
    Optional<String> v = find(name, aliases);
    if (v.isEmpty()) {
      return fallback;
    }
    switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "on": case "1":
        return true;
      case "false": case "no": case "off": case "0":
        return false;
      default:
        throw invalid(name, "'" + v.get() + "' is not a boolean (true or false)");
    }
  }

  /**
   * A duration in Go's notation, as Dapr components write them ({@code 10s}, {@code 1m30s}, {@code
   * 250ms}), in ISO-8601 ({@code PT10S}), or a bare number of {@code bareUnit}s.
   */
  public Duration duration(String name, Duration fallback, java.time.temporal.ChronoUnit bareUnit, String... aliases) {
    Optional<String> v = find(name, aliases);
    if (v.isEmpty()) {
      return fallback;
    }
    Optional<Duration> d = parseDuration(v.get(), bareUnit);
    if (d.isEmpty() || d.get().isNegative()) {
      throw invalid(name, "'" + v.get() + "' is not a duration (for instance 10s, 1m30s, 250ms)");
    }
    return d.get();
  }

  /** Parses Go, ISO-8601 or bare-number durations; empty when {@code text} is none of them. */
  public static Optional<Duration> parseDuration(String text, java.time.temporal.ChronoUnit bareUnit) {
    String t = text.trim();
    if (t.matches("-?\\d+")) {
      return Optional.of(Duration.of(Long.parseLong(t), bareUnit));
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(t));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    Matcher m = GO_DURATION.matcher(t);
    Duration total = Duration.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      double amount = Double.parseDouble(m.group(1));
      double nanosPer;
      switch (m.group(2)) {
        case "ns": nanosPer = 1; break;
        case "us": case "µs": nanosPer = 1e3; break;
        case "ms": nanosPer = 1e6; break;
        case "s": nanosPer = 1e9; break;
        case "m": nanosPer = 60e9; break;
        default: nanosPer = 3600e9; break;
      }
      total = total.plusNanos(Math.round(amount * nanosPer));
      at = m.end();
    }
    return at == t.length() && at > 0 ? Optional.of(total) : Optional.empty();
  }

  /**
   * An error about metadata field {@code field}, pointing at the component's file and line; for
   * checks the getters cannot make (a port out of range, two fields that exclude each other).
   */
  public ComponentParseException invalid(String field, String problem) {
    return new ComponentParseException(
        new ComponentError(
            spec.source(),
            spec.line(),
            "spec.metadata." + field,
            "component '" + spec.name() + "' (" + spec.type() + "): " + field + ": " + problem));
  }

  /**
   * Names the component and its metadata fields, never their values: resolved metadata holds
   * secrets, and records otherwise print every field into logs and exception messages.
   */
  @Override
  public String toString() {
    return "ComponentConfig[" + spec.name() + " (" + spec.type() + ") at " + spec.location() + ", metadata fields "
        + metadata.keySet() + "]";
  }
}
