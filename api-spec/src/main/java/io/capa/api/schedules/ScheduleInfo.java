package io.capa.api.schedules;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the runtime holds it.
 *
 * @param nextFire empty once the job has passed its {@code until}
 * @param fired how many times it has fired so far
 */
public record ScheduleInfo(ScheduleSpec spec, Instant createdAt, Optional<Instant> nextFire, long fired) {
  public ScheduleInfo {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(createdAt, "createdAt");
    nextFire = Objects.requireNonNullElse(nextFire, Optional.empty());
    if (fired < 0) {
      throw new IllegalArgumentException("fired must not be negative: " + fired);
    }
  }

  public String name() {
    return spec.name();
  }
}
