package io.capa.telemetry.api;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings of {@link Telemetry}, read from {@code capa.telemetry.*} (see this module's
 * {@code reference.conf}).
 *
 * @param serviceName the OpenTelemetry {@code service.name}: the app id unless set
 * @param samplingRatio share of new traces recorded, 0 (none) to 1 (all)
 * @param endpoint OTLP collector, {@code host:port} or a URL; empty when nothing is exported
 */
public record TelemetrySettings(
    boolean enabled,
    String serviceName,
    double samplingRatio,
    String endpoint,
    Protocol protocol,
    boolean secure,
    Duration exportTimeout,
    Duration metricExportInterval) {

  /** How spans, metrics and logs leave the process. */
  public enum Protocol {
    GRPC,
    HTTP_PROTOBUF,
    /** Kept in memory, for tests: {@link Telemetry#finishedSpans()} and friends read them. */
    IN_MEMORY;

    /** Reads {@code grpc}, {@code http}, {@code http/protobuf} or {@code in-memory}. */
    public static Protocol parse(String value) {
      switch (Objects.requireNonNull(value, "protocol").strip().toLowerCase(Locale.ROOT)) {
        case "grpc":
          return GRPC;
        case "http":
        case "http/protobuf":
          return HTTP_PROTOBUF;
        case "in-memory":
          return IN_MEMORY;
        default:
          throw new IllegalArgumentException(
              "capa.telemetry.otlp.protocol must be grpc, http, http/protobuf or in-memory, not \"" + value + "\"");
      }
    }
  }

  public TelemetrySettings {
    serviceName = Objects.requireNonNullElse(serviceName, "").strip();
    if (serviceName.isEmpty()) {
      throw new IllegalArgumentException("the telemetry service name must not be empty");
    }
    if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
      throw new IllegalArgumentException("capa.telemetry.sampling-ratio must be between 0 and 1: " + samplingRatio);
    }
    endpoint = Objects.requireNonNullElse(endpoint, "").strip();
    Objects.requireNonNull(protocol, "protocol");
    requirePositive(exportTimeout, "capa.telemetry.otlp.timeout");
    requirePositive(metricExportInterval, "capa.telemetry.metric-export-interval");
  }

  /** Recording everything into memory, for tests. */
  public static TelemetrySettings inMemory(String serviceName, double samplingRatio) {
    return new TelemetrySettings(
        true, serviceName, samplingRatio, "", Protocol.IN_MEMORY, false, Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  /** Exporting over OTLP to {@code endpoint}. */
  public static TelemetrySettings otlp(String serviceName, String endpoint, Protocol protocol) {
    return new TelemetrySettings(
        true, serviceName, 1.0, endpoint, protocol, false, Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  /**
   * From {@code capa.telemetry.*}; telemetry is on when {@code enabled} is true or an endpoint is
   * set, as configuring where to send traces implies wanting them.
   */
  public static TelemetrySettings from(Config config) {
    Config c = config.getConfig("capa.telemetry");
    String name = c.getString("service-name");
    if (name.isBlank()) {
      name = config.hasPath("capa.app-id") ? config.getString("capa.app-id") : "capa";
    }
    String endpoint = c.getString("otlp.endpoint");
    Protocol protocol = Protocol.parse(c.getString("otlp.protocol"));
    boolean enabled = c.getBoolean("enabled") || !endpoint.isBlank();
    return new TelemetrySettings(
        enabled,
        name,
        c.getDouble("sampling-ratio"),
        endpoint,
        protocol,
        c.getBoolean("otlp.secure"),
        c.getDuration("otlp.timeout"),
        c.getDuration("metric-export-interval"));
  }

  /** The endpoint as a URL: a scheme is added to a bare {@code host:port}. */
  public String endpointUrl() {
    if (endpoint.contains("://")) {
      return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }
    return (secure ? "https://" : "http://") + endpoint;
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
