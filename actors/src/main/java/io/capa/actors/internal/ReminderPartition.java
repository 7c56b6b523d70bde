package io.capa.actors.internal;

import io.capa.actors.internal.ReminderProtocol.Answer;
import io.capa.actors.internal.ReminderProtocol.Checkpoint;
import io.capa.actors.internal.ReminderProtocol.Command;
import io.capa.actors.internal.ReminderProtocol.Event;
import io.capa.actors.internal.ReminderProtocol.FireAck;
import io.capa.actors.internal.ReminderProtocol.Fired;
import io.capa.actors.internal.ReminderProtocol.Progress;
import io.capa.actors.internal.ReminderProtocol.Query;
import io.capa.actors.internal.ReminderProtocol.Register;
import io.capa.actors.internal.ReminderProtocol.Registered;
import io.capa.actors.internal.ReminderProtocol.SavedReminder;
import io.capa.actors.internal.ReminderProtocol.Snapshot;
import io.capa.actors.internal.ReminderProtocol.Tick;
import io.capa.actors.internal.ReminderProtocol.Unregister;
import io.capa.actors.internal.ReminderProtocol.Unregistered;
import io.capa.actors.internal.ReminderProtocol.Wake;
import io.capa.actors.internal.schedule.Schedule;
import io.capa.actors.internal.schedule.ScheduleException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * INTERNAL API: one partition of the reminder store, a sharded event-sourced entity that is kept
 * running by every node's {@link ReminderService} keeper. It owns the reminders of the actors that
 * hash to it, fires them by sending {@code FireReminder} to the actor (activating it), and records
 * progress in one event per checkpoint interval rather than one per firing.
 *
 * <p>At-least-once: a firing counts only once the actor acknowledged it; firings acknowledged after
 * the last checkpoint may repeat once after a crash. After downtime a reminder that missed several
 * periods fires once and then resumes its original grid.
 */
final class ReminderPartition extends EventSourcedBehavior<Command, Event, ReminderPartition.State> {

  static final class State {
    final Map<String, ReminderEntry> entries = new HashMap<>();
  }

  static Behavior<Command> create(ReminderService service, int partition) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(timers -> new ReminderPartition(service, partition, ctx, timers)));
  }

  private final ReminderService service;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final DueQueue due = new DueQueue();
  private final Map<String, Fired> dirty = new LinkedHashMap<>();
  /** Registrations validated and waiting for the next batch write, with their parsed entries. */
  private final List<PendingRegistration> pending = new ArrayList<>();
  /** Entries parsed on the command side, handed to the event handler so a schedule is parsed once. */
  private final Map<Registered, ReminderEntry> parsed = new java.util.IdentityHashMap<>();
  private boolean flushScheduled;

  private record PendingRegistration(Register command, Registered event, ReminderEntry entry) {}
  private final int partition;
  private State state;
  private int inFlight;
  /** One counter for the partition, so a replaced reminder never reuses a generation of its predecessor. */
  private long generations;
  private long armedAt = Long.MAX_VALUE;
  private boolean running;

  private ReminderPartition(
      ReminderService service, int partition, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    super(PersistenceId.ofUniqueId("capa-reminders|" + partition));
    this.service = service;
    this.partition = partition;
    this.ctx = ctx;
    this.timers = timers;
  }

  @Override
  public State emptyState() {
    state = new State();
    return state;
  }

  @Override
  public String journalPluginId() {
    return service.settings().journalPluginId();
  }

  @Override
  public String snapshotPluginId() {
    return service.settings().snapshotPluginId();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public SnapshotAdapter<State> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(State s) {
        List<SavedReminder> all = new ArrayList<>(s.entries.size());
        for (ReminderEntry e : s.entries.values()) {
          all.add(e.saved());
        }
        return new Snapshot(all);
      }

      @Override
      public State fromJournal(Object from) {
        State s = emptyState();
        for (SavedReminder r : ((Snapshot) from).reminders()) {
          ReminderEntry e = entry(r.actor(), r.spec(), r.registeredAtMillis());
          e.fired = r.fired();
          e.lastScheduledMillis = r.lastScheduledMillis();
          s.entries.put(e.key(), e);
        }
        return s;
      }
    };
  }

  private static ReminderEntry entry(ActorId actor, SpecData spec, long registeredAt) {
    Schedule schedule =
        Schedule.parse(spec.dueTime(), spec.period(), spec.ttl(), Instant.ofEpochMilli(registeredAt));
    return new ReminderEntry(actor, spec, registeredAt, schedule);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return (s, event) -> {
      if (event instanceof Registered r) {
        ReminderEntry e = parsed.remove(r);
        if (e == null) {
          e = entry(r.actor(), r.spec(), r.registeredAtMillis()); // replay
        }
        s.entries.put(e.key(), e);
      } else if (event instanceof Unregistered u) {
        s.entries.remove(ReminderEntry.key(u.actor(), u.name()));
      } else if (event instanceof Progress p) {
        for (Fired f : p.items()) {
          String key = ReminderEntry.key(f.actor(), f.name());
          if (f.done()) {
            s.entries.remove(key);
          } else {
            ReminderEntry e = s.entries.get(key);
            if (e != null) {
              e.fired = f.fired();
              e.lastScheduledMillis = f.lastScheduledMillis();
            }
          }
        }
      }
      state = s;
      return s;
    };
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .onSignal(PostStop.instance(), s -> service.partitionStopped(partition))
        .build();
  }

  /** Arms every reminder; those that missed firings while nobody ran them fire once, now. */
  private void recovered(State s) {
    state = s;
    running = true;
    State live = s;
    service.partitionStarted(partition, () -> live.entries.size());
    Instant now = Instant.now();
    for (ReminderEntry e : s.entries.values()) {
      Instant last = e.lastScheduledMillis < 0 ? null : Instant.ofEpochMilli(e.lastScheduledMillis);
      arm(e, e.schedule.nextOnRecovery(last, e.fired, now).map(Instant::toEpochMilli).orElse(-1L));
    }
    timers.startTimerWithFixedDelay("checkpoint", Checkpoint.INSTANCE, service.settings().reminderCheckpointInterval());
    rearmTick();
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return (s, cmd) -> onCommand(cmd);
  }

  private Effect<Event, State> onCommand(Command cmd) {
    if (cmd instanceof Tick) {
      fireDue();
      return Effect().none();
    }
    if (cmd instanceof FireAck ack) {
      onAck(ack);
      return Effect().none();
    }
    if (cmd instanceof Checkpoint) {
      return checkpoint();
    }
    if (cmd instanceof Register r) {
      return register(r);
    }
    if (cmd == ReminderProtocol.FlushRegistrations.INSTANCE) {
      return flushRegistrations();
    }
    if (cmd instanceof Unregister u) {
      String key = ReminderEntry.key(u.actor(), u.name());
      if (pending.removeIf(p -> p.entry().key().equals(key) && answered(p))
          && !state.entries.containsKey(key)) {
        // Registered and unregistered before the batch was written: neither needs writing.
        u.replyTo().tell(new Answer(true, true, List.of(), null, null));
        return Effect().none();
      }
      if (!state.entries.containsKey(key)) {
        u.replyTo().tell(new Answer(true, false, List.of(), null, null));
        return Effect().none();
      }
      return Effect()
          .persist(new Unregistered(u.actor(), u.name()))
          .thenRun(s -> u.replyTo().tell(new Answer(true, true, List.of(), null, null)));
    }
    if (cmd instanceof Query q) {
      q.replyTo().tell(new Answer(true, false, query(q), null, null));
      return Effect().none();
    }
    if (cmd == Wake.INSTANCE) {
      return Effect().none();
    }
    return Effect().unhandled();
  }

  private Effect<Event, State> register(Register r) {
    long now = System.currentTimeMillis();
    ReminderEntry probe;
    try {
      probe = entry(r.actor(), r.spec(), now);
    } catch (ScheduleException e) {
      r.replyTo().tell(new Answer(false, false, List.of(), ErrorCode.INVALID_SCHEDULE.name(), e.getMessage()));
      return Effect().none();
    }
    if (probe.schedule.firstFire().isEmpty()) {
      r.replyTo()
          .tell(
              new Answer(
                  false, false, List.of(), ErrorCode.INVALID_SCHEDULE.name(), "reminder " + r.spec().name() + " would never fire"));
      return Effect().none();
    }
    // Registrations that arrive while one batch is written queue up and go out together in the
    // next write: one journal write per partition per batch instead of one per reminder.
    pending.add(new PendingRegistration(r, new Registered(r.actor(), r.spec(), now), probe));
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.getSelf().tell(ReminderProtocol.FlushRegistrations.INSTANCE);
    }
    return Effect().none();
  }

  /** Acknowledges a registration that a later unregistration cancelled before it was written. */
  private static boolean answered(PendingRegistration p) {
    p.command().replyTo().tell(new Answer(true, true, List.of(), null, null));
    return true;
  }

  private Effect<Event, State> flushRegistrations() {
    flushScheduled = false;
    if (pending.isEmpty()) {
      return Effect().none();
    }
    List<PendingRegistration> batch = new ArrayList<>(pending);
    pending.clear();
    List<Event> events = new ArrayList<>(batch.size());
    for (PendingRegistration p : batch) {
      parsed.put(p.event(), p.entry());
      events.add(p.event());
    }
    return Effect()
        .persist(events)
        .thenRun(
            s -> {
              parsed.clear();
              for (PendingRegistration p : batch) {
                ReminderEntry e = s.entries.get(p.entry().key());
                dirty.remove(p.entry().key());
                if (e == p.entry()) {
                  arm(e, e.schedule.firstFire().map(Instant::toEpochMilli).orElse(-1L));
                }
                p.command().replyTo().tell(new Answer(true, true, List.of(), null, null));
              }
              rearmTick();
            });
  }

  private List<SavedReminder> query(Query q) {
    List<SavedReminder> out = new ArrayList<>();
    if (q.actorId() != null && q.name() != null) {
      ReminderEntry e = state.entries.get(ReminderEntry.key(new ActorId(q.actorType(), q.actorId()), q.name()));
      if (e != null) {
        out.add(e.saved());
      }
      return out;
    }
    for (ReminderEntry e : state.entries.values()) {
      if (e.actor.type().equals(q.actorType()) && (q.actorId() == null || e.actor.id().equals(q.actorId()))) {
        out.add(e.saved());
      }
    }
    return out;
  }

  // ---- firing ----

  private void arm(ReminderEntry e, long dueMillis) {
    e.generation = ++generations;
    e.nextDueMillis = dueMillis;
    if (dueMillis >= 0) {
      due.add(dueMillis, e.key(), e.generation);
    }
  }

  private void fireDue() {
    armedAt = Long.MAX_VALUE;
    long now = System.currentTimeMillis();
    int max = service.settings().reminderMaxInFlight();
    while (inFlight < max) {
      DueQueue.Item item = due.pollDue(now);
      if (item == null) {
        break;
      }
      ReminderEntry e = state.entries.get(item.key());
      if (e == null || e.generation != item.generation() || e.inFlight) {
        continue;
      }
      e.inFlight = true;
      inFlight++;
      service.fire(e, item.scheduledMillis(), now, ctx.getSelf());
    }
    rearmTick();
  }

  private void rearmTick() {
    if (!running || inFlight >= service.settings().reminderMaxInFlight()) {
      return; // acknowledgements will tick again
    }
    long next = due.peekDue();
    if (next == Long.MAX_VALUE || next >= armedAt) {
      return;
    }
    armedAt = next;
    long delay = Math.max(0, next - System.currentTimeMillis());
    timers.startSingleTimer("tick", Tick.INSTANCE, java.time.Duration.ofMillis(delay));
  }

  private void onAck(FireAck ack) {
    inFlight--;
    ReminderEntry e = state.entries.get(ack.key());
    if (e != null && e.generation == ack.generation()) {
      e.inFlight = false;
      if (ack.deferred()) {
        defer(e, ack);
      } else if (ack.ok() || !retry(e, ack)) {
        e.attempt = 0;
        e.fired++;
        e.lastScheduledMillis = ack.scheduledAtMillis();
        // A late acknowledgement (the actor's node died, or the actor was slow) must not make every
        // period missed meanwhile fire back to back: they collapse into one firing, then the grid resumes.
        long next =
            e.schedule
                .nextOnRecovery(Instant.ofEpochMilli(ack.scheduledAtMillis()), e.fired, Instant.now())
                .map(Instant::toEpochMilli)
                .orElse(-1L);
        boolean done = next < 0;
        dirty.put(e.key(), new Fired(e.actor, e.spec.name(), e.fired, e.lastScheduledMillis, done));
        arm(e, next);
      }
    }
    if (armedAt == Long.MAX_VALUE || due.peekDue() <= System.currentTimeMillis()) {
      armedAt = Long.MAX_VALUE;
      ctx.getSelf().tell(Tick.INSTANCE);
    } else {
      rearmTick();
    }
  }

  /**
   * A firing the actor never received (the node's invocation graph refused it as overloaded) is
   * due again after the graph's retry-after, with its attempt count untouched: the failure policy
   * is about the actor failing, and dropping a firing because others kept the actor busy would
   * break at-least-once delivery.
   */
  private void defer(ReminderEntry e, FireAck ack) {
    ctx.getLog().debug("reminder {} of actor {} deferred: {}", e.spec.name(), e.actor, ack.error());
    e.generation = ++generations;
    long at = System.currentTimeMillis() + service.overloadRetryDelay().toMillis();
    due.add(at, e.key(), e.generation, ack.scheduledAtMillis());
    e.nextDueMillis = at;
  }

  /** Applies the failure policy; true when the firing will be tried again. */
  private boolean retry(ReminderEntry e, FireAck ack) {
    ctx.getLog().warn("reminder {} of actor {} failed: {}", e.spec.name(), e.actor, ack.error());
    if (e.attempt < e.spec.maxRetries()) {
      e.attempt++;
      e.generation = ++generations;
      long at = System.currentTimeMillis() + e.spec.retryIntervalMillis();
      // The retry keeps the original scheduled time so that lateness and the grid stay truthful.
      due.add(at, e.key(), e.generation, ack.scheduledAtMillis());
      e.nextDueMillis = at;
      return true;
    }
    return false;
  }

  private Effect<Event, State> checkpoint() {
    if (dirty.isEmpty()) {
      return Effect().none();
    }
    List<Fired> items = new ArrayList<>(dirty.values());
    dirty.clear();
    return Effect().persist(new Progress(items));
  }
}
