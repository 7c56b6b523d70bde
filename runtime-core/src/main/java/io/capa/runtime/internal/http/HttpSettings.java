package io.capa.runtime.internal.http;

import com.typesafe.config.Config;
import java.time.Duration;

/** INTERNAL API: the {@code capa.http.*} and {@code capa.metrics.*} settings, read once at start. */
public record HttpSettings(
    String appId,
    String host,
    int port,
    long maxRequestBytes,
    Duration bodyReadTimeout,
    String apiToken,
    Duration healthCheckTimeout,
    Duration shutdownTimeout,
    Duration shutdownDelay,
    String metricsHost,
    int metricsPort) {

  public static HttpSettings from(Config config) {
    Config http = config.getConfig("capa.http");
    Config metrics = config.getConfig("capa.metrics");
    return new HttpSettings(
        config.getString("capa.app-id"),
        http.getString("host"),
        http.getInt("port"),
        http.getBytes("max-request-bytes"),
        http.getDuration("body-read-timeout"),
        http.getString("api-token"),
        http.getDuration("health-check-timeout"),
        http.getDuration("shutdown-timeout"),
        http.getDuration("shutdown-delay"),
        metrics.getString("host"),
        metrics.getInt("port"));
  }

  public HttpSettings {
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("capa.http.max-request-bytes must be positive: " + maxRequestBytes);
    }
    checkPort("capa.http.port", port);
    checkPort("capa.metrics.port", metricsPort);
  }

  public boolean tokenRequired() {
    return !apiToken.isEmpty();
  }

  private static void checkPort(String path, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(path + " must be between 0 and 65535: " + port);
    }
  }
}
