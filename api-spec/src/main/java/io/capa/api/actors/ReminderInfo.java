package io.capa.api.actors;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered reminder as the runtime holds it.
 *
 * @param nextFire when it fires next; empty once it has finished (repetitions exhausted or TTL passed)
 * @param fired how many times it has fired so far
 */
public record ReminderInfo(
    ActorId actor, ReminderSpec spec, Instant registeredAt, Optional<Instant> nextFire, long fired) {
  public ReminderInfo {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(registeredAt, "registeredAt");
    nextFire = Objects.requireNonNullElse(nextFire, Optional.empty());
  }

  public String name() {
    return spec.name();
  }
}
