package io.capa.actors.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the store that holds actor state is reachable from this node, as last observed. When it is
 * not, calls are refused with {@code ERR_PERSISTENCE_UNAVAILABLE} and the runtime keeps probing the
 * store until it answers again; {@code detail} then says what failed (for instance a refused
 * connection) and {@code since} when the state last changed.
 */
public record PersistenceStatus(boolean available, String detail, Instant since) {
  public PersistenceStatus {
    detail = Objects.requireNonNullElse(detail, "");
    Objects.requireNonNull(since, "since");
  }
}
