package io.capa.actors.internal;

import io.capa.actors.internal.ActorCommand.TimerFired;
import io.capa.actors.internal.schedule.Schedule;
import io.capa.actors.internal.schedule.ScheduleException;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.TimerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * INTERNAL API: the volatile timers of one activation, on Pekko's timer scheduler. A generation
 * number per start makes a firing of a replaced or cancelled timer harmless.
 */
final class ActorTimers {
  record Fired(String callback, byte[] data) {}

  private static final class Running {
    final TimerSpec spec;
    final Schedule schedule;
    final long generation;
    Instant scheduledAt;
    long fired;

    Running(TimerSpec spec, Schedule schedule, long generation) {
      this.spec = spec;
      this.schedule = schedule;
      this.generation = generation;
    }
  }

  private final TypeRuntime type;
  private final ActorId id;
  private final TimerScheduler<ActorCommand> scheduler;
  private final Map<String, Running> running = new HashMap<>();
  private long generations;

  ActorTimers(TypeRuntime type, ActorId id, TimerScheduler<ActorCommand> scheduler) {
    this.type = type;
    this.id = id;
    this.scheduler = scheduler;
  }

  void start(TimerSpec spec) {
    type.methods.find(spec.callback());
    Schedule schedule;
    try {
      schedule = Schedule.parse(spec.dueTime(), spec.period(), spec.ttl(), Instant.now());
    } catch (ScheduleException e) {
      throw new CapaException(ErrorCode.INVALID_SCHEDULE, "timer " + spec.name() + " of actor " + id + ": " + e.getMessage(), e);
    }
    Running r = new Running(spec, schedule, ++generations);
    running.put(spec.name(), r);
    arm(r, schedule.firstFire());
  }

  boolean cancel(String name) {
    Running r = running.remove(name);
    scheduler.cancel(key(name));
    return r != null;
  }

  void cancelAll() {
    running.keySet().forEach(n -> scheduler.cancel(key(n)));
    running.clear();
  }

  /** Accounts for a firing and arms the next one; null when the firing is stale. */
  Fired fired(TimerFired t) {
    Running r = running.get(t.name());
    if (r == null || r.generation != t.generation()) {
      return null;
    }
    r.fired++;
    arm(r, r.schedule.nextAfterFiring(r.scheduledAt, r.fired));
    return new Fired(r.spec.callback(), r.spec.data());
  }

  private void arm(Running r, Optional<Instant> next) {
    if (next.isEmpty() || r.schedule.isExpired(next.get())) {
      running.remove(r.spec.name(), r);
      return;
    }
    r.scheduledAt = next.get();
    Duration delay = Duration.between(Instant.now(), next.get());
    scheduler.startSingleTimer(
        key(r.spec.name()), new TimerFired(r.spec.name(), r.generation), delay.isNegative() ? Duration.ZERO : delay);
  }

  private static String key(String name) {
    return "timer:" + name;
  }
}
