package io.capa.examples.greeter;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * The greeter application's settings, from {@code capa.examples.greeter} (defaults in this module's
 * reference.conf).
 *
 * @param actorId the actor the walkthrough greets
 * @param connectTimeout connecting and negotiating with the runtime
 * @param callTimeout one call through the runtime
 * @param stepTimeout how long the application waits for one step's answer, above {@code callTimeout}
 * @param reminderDueTime when the reminder fires, counted from the {@code remind} call
 * @param reminderWait how long the walkthrough waits for the reminder to fire
 * @param pollInterval how often the walkthrough reads the state while it waits
 * @param maxNameLength the longest name {@code greet} accepts
 */
record GreeterSettings(
    String actorId,
    Duration connectTimeout,
    Duration callTimeout,
    Duration stepTimeout,
    String reminderDueTime,
    Duration reminderWait,
    Duration pollInterval,
    int maxNameLength) {
  public static final String PATH = "capa.examples.greeter";

  public GreeterSettings {
    requireText(actorId, "actor-id");
    positive(connectTimeout, "connect-timeout");
    positive(callTimeout, "call-timeout");
    positive(stepTimeout, "step-timeout");
    if (stepTimeout.compareTo(callTimeout) < 0) {
      throw new IllegalArgumentException(PATH + ".step-timeout must not be below call-timeout: " + stepTimeout);
    }
    requireText(reminderDueTime, "reminder-due-time");
    positive(reminderWait, "reminder-wait");
    positive(pollInterval, "poll-interval");
    if (maxNameLength < 1) {
      throw new IllegalArgumentException(PATH + ".max-name-length must be at least 1: " + maxNameLength);
    }
  }

  /** Reads {@value #PATH} of {@code root}. */
  static GreeterSettings from(Config root) {
    Config c = root.getConfig(PATH);
    return new GreeterSettings(
        c.getString("actor-id"),
        c.getDuration("connect-timeout"),
        c.getDuration("call-timeout"),
        c.getDuration("step-timeout"),
        c.getString("reminder-due-time"),
        c.getDuration("reminder-wait"),
        c.getDuration("poll-interval"),
        c.getInt("max-name-length"));
  }

  GreeterSettings withActorId(String id) {
    return new GreeterSettings(
        id, connectTimeout, callTimeout, stepTimeout, reminderDueTime, reminderWait, pollInterval, maxNameLength);
  }

  private static void requireText(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(PATH + "." + key + " must not be empty");
    }
  }

  private static void positive(Duration d, String key) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(PATH + "." + key + " must be positive: " + d);
    }
  }
}
