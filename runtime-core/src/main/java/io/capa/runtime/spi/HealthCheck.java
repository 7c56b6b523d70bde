package io.capa.runtime.spi;

import java.util.concurrent.CompletionStage;

/**
 * A component's answer to "can this node serve?", asked by {@code GET /v1.0/healthz}. A check that
 * fails its stage, throws, or does not answer within {@code capa.http.health-check-timeout} counts as
 * unhealthy, so an implementation need not guard against its own failures.
 */
public interface HealthCheck {
  /** A short stable name shown in the health response, for instance {@code persistence}. */
  String name();

  CompletionStage<HealthStatus> check();
}
