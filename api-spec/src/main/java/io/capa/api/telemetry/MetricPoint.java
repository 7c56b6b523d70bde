package io.capa.api.telemetry;

import io.capa.api.internal.Checks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One measurement of a named metric. Points of the same name must keep the same kind and unit.
 *
 * @param name an OpenTelemetry instrument name: a letter, then letters, digits, {@code _ . - /}, at
 *     most 255 characters
 * @param unit a UCUM unit such as {@code ms} or {@code By}; empty for a plain count
 */
public record MetricPoint(
    String name, MetricKind kind, double value, String unit, Map<String, String> attributes, Instant timestamp) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,254}");

  public MetricPoint {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "metric name must start with a letter and have only letters, digits, '_', '.', '-', '/' (at most 255): "
              + name);
    }
    Objects.requireNonNull(kind, "kind");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metric value must be finite: " + value);
    }
    if (kind == MetricKind.COUNTER && value < 0) {
      throw new IllegalArgumentException("counter '" + name + "' cannot add a negative value: " + value);
    }
    unit = Objects.requireNonNullElse(unit, "");
    attributes = Checks.metadata(attributes, "metric attributes");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  public static MetricPoint of(String name, MetricKind kind, double value, String unit) {
    return new MetricPoint(name, kind, value, unit, Map.of(), Instant.now());
  }
}
