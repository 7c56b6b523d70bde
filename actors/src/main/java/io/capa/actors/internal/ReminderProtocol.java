package io.capa.actors.internal;

import io.capa.api.actors.ActorId;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** INTERNAL API: messages, events and snapshot of a reminder partition. */
final class ReminderProtocol {
  private ReminderProtocol() {}

  sealed interface Command extends CborSerializable {}

  record Register(ActorId actor, SpecData spec, ActorRef<Answer> replyTo) implements Command {}

  record Unregister(ActorId actor, String name, ActorRef<Answer> replyTo) implements Command {}

  /** Lists the reminders of one actor ({@code name} null), one reminder, or a whole type ({@code actor.id} "*"). */
  record Query(String actorType, String actorId, String name, ActorRef<Answer> replyTo) implements Command {}

  /** Keeps the partition running; sent periodically by every node. */
  enum Wake implements Command {
    INSTANCE
  }

  enum Tick implements Command {
    INSTANCE
  }

  enum Checkpoint implements Command {
    INSTANCE
  }

  /** Writes the registrations that arrived since the last write, as one batch. */
  enum FlushRegistrations implements Command {
    INSTANCE
  }

  /**
   * An actor answered (or failed to answer) a firing. {@code deferred}: the firing never reached the
   * actor (the invocation graph refused it as overloaded, or the node is stopping), so it is tried
   * again later without counting as a failed delivery.
   */
  record FireAck(String key, long generation, long scheduledAtMillis, boolean ok, String error, boolean deferred)
      implements Command {}

  /** The answer of a partition: done, a list of reminders, or an error. */
  record Answer(boolean ok, boolean changed, List<SavedReminder> reminders, String errorCode, String error)
      implements CborSerializable {}

  sealed interface Event extends CborSerializable {}

  record Registered(ActorId actor, SpecData spec, long registeredAtMillis) implements Event {}

  record Unregistered(ActorId actor, String name) implements Event {}

  /** Firing progress of several reminders, saved in one event per checkpoint. */
  record Progress(List<Fired> items) implements Event {}

  /** {@code done}: the reminder has finished its schedule and is removed. */
  record Fired(ActorId actor, String name, long fired, long lastScheduledMillis, boolean done)
      implements CborSerializable {}

  record Snapshot(List<SavedReminder> reminders) implements CborSerializable {}

  /** {@code nextDueMillis} is -1 when not armed; it is informative only and recomputed on recovery. */
  record SavedReminder(
      ActorId actor, SpecData spec, long registeredAtMillis, long fired, long lastScheduledMillis, long nextDueMillis)
      implements CborSerializable {}
}
