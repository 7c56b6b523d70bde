package io.capa.actors.internal;

import com.typesafe.config.Config;
import java.time.Duration;

/** INTERNAL API: the {@code capa.actors} section of the configuration, read once. */
public record ActorRuntimeSettings(
    Duration idleTimeout,
    int activeEntityLimit,
    Duration callTimeout,
    Duration turnTimeout,
    int maxPayloadBytes,
    boolean reentrancyEnabled,
    int maxReentrancyDepth,
    int maxQueuedPerActor,
    int reminderPartitions,
    int reminderMaxInFlight,
    Duration reminderAckTimeout,
    Duration reminderCheckpointInterval,
    int snapshotEvery,
    int maxMethodLabels,
    String journalPluginId,
    String snapshotPluginId) {

  public static ActorRuntimeSettings from(Config root) {
    Config c = root.getConfig("capa.actors");
    return new ActorRuntimeSettings(
        c.getDuration("idle-timeout"),
        c.getInt("active-entity-limit"),
        c.getDuration("call-timeout"),
        c.getDuration("turn-timeout"),
        (int) c.getBytes("max-payload-bytes").longValue(),
        c.getBoolean("reentrancy.enabled"),
        c.getInt("reentrancy.max-depth"),
        c.getInt("max-queued-per-actor"),
        c.getInt("reminders.partitions"),
        c.getInt("reminders.max-in-flight-per-partition"),
        c.getDuration("reminders.ack-timeout"),
        c.getDuration("reminders.checkpoint-interval"),
        c.getInt("snapshot-every"),
        c.getInt("max-method-labels"),
        root.getString("pekko.persistence.journal.plugin"),
        root.getString("pekko.persistence.snapshot-store.plugin"));
  }
}
