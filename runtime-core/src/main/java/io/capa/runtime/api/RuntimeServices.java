package io.capa.runtime.api;

import com.typesafe.config.Config;
import io.capa.api.actors.ActorService;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.HealthCheck;
import java.util.List;
import java.util.Objects;

/**
 * What the runtime's servers serve: the loaded configuration (see {@link RuntimeConfig}), the actor
 * building block, the node's metrics registry, and the health checks that {@code /v1.0/healthz} asks.
 */
public record RuntimeServices(
    Config config, ActorService actors, MetricsRegistry metrics, List<HealthCheck> healthChecks) {
  public RuntimeServices {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(actors, "actors");
    Objects.requireNonNull(metrics, "metrics");
    healthChecks = List.copyOf(Objects.requireNonNull(healthChecks, "healthChecks"));
  }
}
