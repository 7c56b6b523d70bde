package io.capa.runtime.spi;

import java.util.Objects;

/** The answer of one {@link HealthCheck}; {@code detail} says why when unhealthy (may be empty). */
public record HealthStatus(boolean healthy, String detail) {
  public HealthStatus {
    detail = Objects.requireNonNullElse(detail, "");
  }

  public static HealthStatus ok() {
    return new HealthStatus(true, "");
  }

  public static HealthStatus unhealthy(String detail) {
    return new HealthStatus(false, detail);
  }
}
