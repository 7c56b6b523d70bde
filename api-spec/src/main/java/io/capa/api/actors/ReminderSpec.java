package io.capa.api.actors;

import io.capa.api.internal.Checks;
import java.util.Objects;

/**
 * A durable reminder to register on an actor.
 *
 * <p>The schedule strings keep the textual forms users already write: {@code dueTime} is a duration
 * ({@code PT10S}, {@code 1h30m}, {@code 0h0m3s0ms}) or an RFC 3339 instant; {@code period} is a
 * duration, an ISO 8601 repetition ({@code R5/PT1S}), {@code @every 10s}, or a cron expression;
 * {@code ttl} is a duration or an RFC 3339 instant. Empty strings mean "none". The runtime rejects a
 * string it cannot parse with {@code ERR_INVALID_SCHEDULE}.
 */
public record ReminderSpec(
    String name, byte[] data, String dueTime, String period, String ttl, FailurePolicy failurePolicy) {
  public ReminderSpec {
    Checks.requireText(name, "reminder name");
    data = Checks.orEmpty(data);
    dueTime = dueTime == null ? "" : dueTime.strip();
    period = period == null ? "" : period.strip();
    ttl = ttl == null ? "" : ttl.strip();
    failurePolicy = Objects.requireNonNullElse(failurePolicy, FailurePolicy.drop());
  }

  public static ReminderSpec of(String name, String dueTime, String period) {
    return new ReminderSpec(name, null, dueTime, period, null, null);
  }
}
