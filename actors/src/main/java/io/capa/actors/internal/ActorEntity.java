package io.capa.actors.internal;

import io.capa.actors.internal.ActorCommand.Drain;
import io.capa.actors.internal.ActorCommand.FireReminder;
import io.capa.actors.internal.ActorCommand.GetState;
import io.capa.actors.internal.ActorCommand.Invoke;
import io.capa.actors.internal.ActorCommand.Passivate;
import io.capa.actors.internal.ActorCommand.Request;
import io.capa.actors.internal.ActorCommand.StartTimer;
import io.capa.actors.internal.ActorCommand.StopTimer;
import io.capa.actors.internal.ActorCommand.TimerFired;
import io.capa.actors.internal.ActorCommand.Transact;
import io.capa.actors.internal.ActorCommand.TurnDone;
import io.capa.actors.internal.ActorCommand.TurnExpired;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * INTERNAL API: one virtual actor as a sharded, event-sourced Pekko entity.
 *
 * <pre>
 *  request ─► idle? ──yes──► run turn ──sync──► changes? ─► persist StateDelta ─► reply ─► Drain
 *              │                 └──async──► turns stack ◄── TurnDone / TurnExpired
 *              └─no──► same call chain? ─► reentrant turn (if enabled, depth-bounded)
 *                      else queue (bounded; full = overloaded)
 * </pre>
 *
 * One persisted event per successful outermost turn makes the turn's changes atomic; reentrant turns
 * fold their changes into the turn they entered. The entity's own queue, not Pekko's stash, holds
 * work waiting behind an asynchronous turn, so that a full queue is answered with {@code overloaded}.
 */
final class ActorEntity extends EventSourcedBehavior<ActorCommand, StateDelta, ActorEntity.Saved> {

  /** The saved state: mutated only by the event handler, on the entity's thread. */
  static final class Saved {
    final HashMap<String, byte[]> map = new HashMap<>();
  }

  @SuppressWarnings("unchecked")
  static Behavior<ActorCommand> create(EntityDeps deps, String entityId) {
    return Behaviors.setup(
        ctx -> {
          StoreFailureGuard guard = new StoreFailureGuard(new ActorId(deps.type().name, entityId), deps.store());
          Behavior<ActorCommand> entity =
              Behaviors.withTimers(timers -> new ActorEntity(deps, entityId, ctx, timers, guard));
          return (Behavior<ActorCommand>) (Behavior<?>) Behaviors.intercept(() -> guard, (Behavior<Object>) (Behavior<?>) entity);
        });
  }

  private final EntityDeps deps;
  private final TypeRuntime type;
  private final ActorId id;
  private final ActorContext<ActorCommand> ctx;
  private final TurnRunner runner;
  private final StoreFailureGuard guard;
  private final ArrayDeque<ActorCommand> queue = new ArrayDeque<>();
  private Saved saved;
  private boolean active;
  /** The turn whose changes are being written; its callers are answered once the write is confirmed. */
  private TurnRunner.Outcome writing;

  private ActorEntity(
      EntityDeps deps,
      String entityId,
      ActorContext<ActorCommand> ctx,
      TimerScheduler<ActorCommand> timers,
      StoreFailureGuard guard) {
    super(PersistenceId.of("capa-actor-" + deps.type().name, entityId));
    this.deps = deps;
    this.type = deps.type();
    this.id = new ActorId(type.name, entityId);
    this.ctx = ctx;
    this.runner = new TurnRunner(deps, id, ctx, timers);
    this.guard = guard;
  }

  @Override
  public Saved emptyState() {
    saved = new Saved();
    return saved;
  }

  @Override
  public String journalPluginId() {
    return deps.settings().journalPluginId();
  }

  @Override
  public String snapshotPluginId() {
    return deps.settings().snapshotPluginId();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(deps.settings().snapshotEvery(), 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public SnapshotAdapter<Saved> snapshotAdapter() {
    // The snapshot is serialized off the entity's thread, so it gets a copy, never the live map.
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(Saved state) {
        return new StateSnapshot(Map.copyOf(state.map));
      }

      @Override
      public Saved fromJournal(Object from) {
        Saved s = emptyState();
        s.map.putAll(((StateSnapshot) from).entries());
        return s;
      }
    };
  }

  @Override
  public EventHandler<Saved, StateDelta> eventHandler() {
    return (state, delta) -> {
      for (String k : delta.removals()) {
        state.map.remove(k);
      }
      state.map.putAll(delta.upserts());
      saved = state;
      return state;
    };
  }

  @Override
  public SignalHandler<Saved> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> activate(s))
        .onSignal(RecoveryFailed.class, (s, f) -> recoveryFailed(f.getFailure()))
        .onSignal(PostStop.instance(), s -> deactivated())
        .build();
  }

  private void activate(Saved s) {
    guard.recovered();
    saved = s;
    active = true;
    type.active.add(1);
    runner.activate(saved.map);
  }

  private void recoveryFailed(Throwable failure) {
    ctx.getLog().error("recovery of actor {} failed", id, failure);
    guard.failed(failure);
    deps.store().suspect("the recovery of " + id);
  }

  private static String cause(String detail) {
    return detail.isEmpty() ? "" : " (" + detail + ")";
  }

  private void deactivated() {
    if (active) {
      active = false;
      type.active.add(-1);
    }
    Throwable failure = guard.failure();
    if (writing != null) {
      // Pekko stops an entity whose write failed. The write may or may not have reached the store
      // (a connection can break after the commit), so the caller is told exactly that.
      deps.store().suspect("a write of " + id);
      writing.abandon(
          Reply.failed(
              ErrorCode.PERSISTENCE_FAILED,
              "actor " + id + ": the state store did not confirm this turn's changes, so the call may or"
                  + " may not have taken effect"
                  + cause(failure != null ? StoreFailureGuard.describe(failure) : deps.store().current().detail())));
      writing = null;
      runner.failAll(
          new CapaException(
              ErrorCode.PERSISTENCE_UNAVAILABLE,
              "actor " + id + " stopped because its state could not be written; the call was not run"),
          queue);
      return;
    }
    runner.failAll(new CapaException(ErrorCode.SHUTTING_DOWN, "actor " + id + " stopped"), queue);
  }

  @Override
  public CommandHandler<ActorCommand, StateDelta, Saved> commandHandler() {
    return (state, cmd) -> onCommand(cmd);
  }

  private Effect<StateDelta, Saved> onCommand(ActorCommand cmd) {
    if (cmd instanceof TurnDone done) {
      return finish(runner.completed(done));
    }
    if (cmd instanceof ActorCommand.Resume resume) {
      return finish(runner.resume(resume));
    }
    if (cmd instanceof TurnExpired expired) {
      runner.expire(expired.turn());
      return drainIfIdle(Effect().none());
    }
    if (cmd == Drain.INSTANCE) {
      ActorCommand next = runner.idle() ? queue.poll() : null;
      return next == null ? Effect().none() : handleNow(next);
    }
    if (cmd instanceof GetState g) {
      // Reads answer from the saved state at once: they never wait behind a turn.
      byte[] v = saved.map.get(g.key());
      g.replyTo().tell(v == null ? Reply.ABSENT : new Reply.Ok(v));
      return Effect().none();
    }
    if (cmd instanceof StartTimer || cmd instanceof StopTimer) {
      runner.timerCommand((Request) cmd);
      return Effect().none();
    }
    if (!runner.idle() || !queue.isEmpty()) {
      if (cmd instanceof Invoke inv && runner.isReentrant(inv)) {
        return finish(runner.reenter(inv));
      }
      return enqueue(cmd);
    }
    return handleNow(cmd);
  }

  private Effect<StateDelta, Saved> handleNow(ActorCommand cmd) {
    if (cmd == Passivate.INSTANCE) {
      runner.deactivate();
      return Effect().stop();
    }
    if (runner.activationFailed()) {
      runner.rejectForFailedActivation(cmd);
      return Effect().stop();
    }
    TurnRunner.Outcome outcome;
    if (cmd instanceof Invoke inv) {
      outcome = runner.invoke(inv);
    } else if (cmd instanceof Transact t) {
      outcome = runner.transact(t);
    } else if (cmd instanceof FireReminder f) {
      outcome = runner.remind(f);
    } else if (cmd instanceof TimerFired t) {
      outcome = runner.timerFired(t);
    } else {
      ctx.getLog().warn("actor {} ignored unexpected {}", id, cmd.getClass().getSimpleName());
      return Effect().none();
    }
    return finish(outcome);
  }

  private Effect<StateDelta, Saved> enqueue(ActorCommand cmd) {
    if (cmd instanceof Request r && queue.size() >= type.maxQueuedPerActor) {
      r.replyTo()
          .tell(
              Reply.failed(
                  ErrorCode.OVERLOADED,
                  "actor " + id + " has " + queue.size() + " calls waiting; try again later"));
      return Effect().none();
    }
    queue.add(cmd);
    return Effect().none();
  }

  /** Turns a turn's outcome into the effect: persist the outermost turn's changes, then reply. */
  private Effect<StateDelta, Saved> finish(TurnRunner.Outcome outcome) {
    if (outcome == null) {
      return Effect().none();
    }
    if (outcome.delta() == null) {
      outcome.complete();
      return drainIfIdle(Effect().none());
    }
    long start = System.nanoTime();
    writing = outcome;
    return Effect()
        .persist(outcome.delta())
        .thenRun(
            s -> {
              writing = null;
              type.persistLatency.observeNanos(System.nanoTime() - start);
              outcome.complete();
              if (runner.idle() && !queue.isEmpty()) {
                ctx.getSelf().tell(Drain.INSTANCE);
              }
            });
  }

  private Effect<StateDelta, Saved> drainIfIdle(Effect<StateDelta, Saved> effect) {
    if (runner.idle() && !queue.isEmpty()) {
      ctx.getSelf().tell(Drain.INSTANCE);
    }
    return effect;
  }
}
