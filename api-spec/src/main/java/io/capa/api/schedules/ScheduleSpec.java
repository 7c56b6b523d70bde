package io.capa.api.schedules;

import io.capa.api.actors.FailurePolicy;
import io.capa.api.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A durable cron job. Names are scoped to the application that creates the job.
 *
 * @param cron when it fires: a cron expression with an optional leading seconds field ({@code 0 30 *
 *     * * *}), or {@code @every 10s}, {@code @hourly}, {@code @daily} and the like. The runtime
 *     rejects what it cannot parse with {@code ERR_INVALID_SCHEDULE}.
 * @param until when it stops firing; empty runs until deleted
 * @param failurePolicy what a firing does when the target fails
 */
public record ScheduleSpec(
    String name,
    String cron,
    ScheduleTarget target,
    byte[] data,
    Optional<Instant> until,
    FailurePolicy failurePolicy) {
  public ScheduleSpec {
    Checks.requireText(name, "schedule name");
    if (name.indexOf('/') >= 0) {
      // The name is a path segment of the HTTP API.
      throw new IllegalArgumentException("schedule name must not contain '/': " + name);
    }
    cron = Checks.requireText(cron, "cron").strip();
    Objects.requireNonNull(target, "target");
    data = Checks.orEmpty(data);
    until = Objects.requireNonNullElse(until, Optional.empty());
    failurePolicy = Objects.requireNonNullElse(failurePolicy, FailurePolicy.drop());
  }

  public static ScheduleSpec of(String name, String cron, ScheduleTarget target, byte[] data) {
    return new ScheduleSpec(name, cron, target, data, Optional.empty(), FailurePolicy.drop());
  }
}
