package io.capa.actors.internal;

import io.capa.runtime.metrics.Counter;
import io.capa.runtime.metrics.Gauge;
import io.capa.runtime.metrics.Histogram;
import io.capa.runtime.metrics.MetricsRegistry;

/** INTERNAL API: the metric families of the actor runtime, created once per node. */
final class ActorMetrics {
  final Gauge active;
  final Counter invocations;
  final Histogram invocationLatency;
  final Counter turnErrors;
  final Histogram persistLatency;
  final Counter reminderFired;
  final Counter reminderLate;
  final Histogram reminderLateness;
  final Counter reminderFailures;

  ActorMetrics(MetricsRegistry r) {
    active = r.gauge("capa_actors_active", "Active actors on this node", "actor_type");
    invocations =
        r.counter("capa_actor_invocations_total", "Actor method invocations handled", "actor_type", "method");
    invocationLatency =
        r.histogram(
            "capa_actor_invocation_seconds", "Actor invocation latency seen by callers on this node", "actor_type");
    turnErrors = r.counter("capa_actor_turn_errors_total", "Turns that failed or timed out", "actor_type");
    persistLatency =
        r.histogram("capa_persistence_write_seconds", "Time to persist one turn's state changes", "actor_type");
    reminderFired = r.counter("capa_reminders_fired_total", "Reminder firings acknowledged", "actor_type");
    reminderLate =
        r.counter("capa_reminders_late_total", "Reminder firings more than 1 s after their scheduled time", "actor_type");
    reminderLateness =
        r.histogram("capa_reminders_lateness_seconds", "Delay between a reminder's scheduled time and its firing", "actor_type");
    reminderFailures =
        r.counter("capa_reminders_failed_total", "Reminder firings whose callback failed or timed out", "actor_type");
  }
}
