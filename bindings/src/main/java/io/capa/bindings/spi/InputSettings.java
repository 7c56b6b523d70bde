package io.capa.bindings.spi;

import io.capa.components.spi.ComponentConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How the runtime runs one input binding, read from component metadata every binding type shares.
 *
 * @param target where events go: {@code app} (HTTP route of the application, the default), {@code
 *     actor/<Type>/<id>/<method>} ({@code {key}} as id takes the event's {@code key} metadata), or
 *     {@code rpc} (a capability the application registered)
 * @param route the HTTP path under the application for {@code app}; default {@code /<binding name>}
 * @param parallelism events handled at once across ordering keys (one at a time per key)
 * @param maxRetries further attempts after a target refused an event, before it is dead-lettered
 * @param retryBackoff the wait before the first retry; doubles per attempt up to 30 s
 * @param responseBindings output bindings the target's answer is sent to with operation {@code create}
 */
public record InputSettings(
    String target, String route, int parallelism, int maxRetries, Duration retryBackoff, List<String> responseBindings) {
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  public InputSettings {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    responseBindings = List.copyOf(responseBindings);
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
    }
  }

  /**
   * Reads {@code target}, {@code route}, {@code parallelism} (16), {@code maxRetries} (3), {@code
   * retryBackoff} (200ms) and {@code responseBindings} (comma-separated); errors name the field.
   */
  public static InputSettings from(ComponentConfig config) {
    String target = config.string("target", "app");
    if (!target.equals("app") && !target.equals("rpc") && !target.matches("actor/[^/]+/[^/]+/[^/]+")) {
      throw config.invalid("target", "'" + target + "' is not app, rpc or actor/<Type>/<id>/<method>");
    }
    String route = config.string("route", "/" + config.name());
    if (!route.startsWith("/")) {
      route = "/" + route;
    }
    int parallelism = config.integer("parallelism", 16);
    if (parallelism < 1 || parallelism > 4096) {
      throw config.invalid("parallelism", "'" + parallelism + "' is not between 1 and 4096");
    }
    int maxRetries = config.integer("maxRetries", 3);
    if (maxRetries < 0) {
      throw config.invalid("maxRetries", "'" + maxRetries + "' is negative");
    }
    Duration backoff = config.duration("retryBackoff", Duration.ofMillis(200), ChronoUnit.MILLIS);
    List<String> responses = Arrays.stream(config.string("responseBindings", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new InputSettings(target, route, parallelism, maxRetries, backoff, responses);
  }
}
