package io.capa.actors.internal;

import io.capa.actors.internal.schedule.Schedule;
import io.capa.api.actors.ActorId;

/** INTERNAL API: one reminder in a partition's memory. Confined to the partition's thread. */
final class ReminderEntry {
  final ActorId actor;
  final SpecData spec;
  final long registeredAtMillis;
  final Schedule schedule;
  long fired;
  /** Scheduled time of the last completed firing, or -1 before the first. */
  long lastScheduledMillis = -1;
  /** Next scheduled time, or -1 when not armed. */
  long nextDueMillis = -1;
  long generation;
  int attempt;
  boolean inFlight;

  ReminderEntry(ActorId actor, SpecData spec, long registeredAtMillis, Schedule schedule) {
    this.actor = actor;
    this.spec = spec;
    this.registeredAtMillis = registeredAtMillis;
    this.schedule = schedule;
  }

  static String key(ActorId actor, String name) {
    return actor.type() + '/' + actor.id() + '/' + name;
  }

  String key() {
    return key(actor, spec.name());
  }

  ReminderProtocol.SavedReminder saved() {
    return new ReminderProtocol.SavedReminder(actor, spec, registeredAtMillis, fired, lastScheduledMillis, nextDueMillis);
  }
}
