package io.capa.blocks.internal;

import io.capa.components.api.Components;
import io.capa.components.spi.ComponentHealth;
import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HealthStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * INTERNAL API. {@code components}: degraded, naming each component that is down and why, while any
 * is. Degraded rather than down: components reconnect, and their creation is retried, by themselves.
 */
public final class ComponentsHealthCheck implements HealthCheck {
  private final Components components;

  public ComponentsHealthCheck(Components components) {
    this.components = components;
  }

  @Override
  public String name() {
    return "components";
  }

  @Override
  public CompletionStage<HealthStatus> check() {
    String down =
        components.health().entrySet().stream()
            .filter(e -> !e.getValue().up())
            .map(ComponentsHealthCheck::describe)
            .collect(Collectors.joining("; "));
    return CompletableFuture.completedFuture(down.isEmpty() ? HealthStatus.ok() : HealthStatus.degraded(down));
  }

  private static String describe(Map.Entry<String, ComponentHealth> e) {
    return e.getKey() + ": " + e.getValue().detail();
  }
}
