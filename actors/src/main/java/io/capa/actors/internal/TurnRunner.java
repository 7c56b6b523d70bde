package io.capa.actors.internal;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorAccess;
import io.capa.actors.internal.ActorCommand.FireReminder;
import io.capa.actors.internal.ActorCommand.Invoke;
import io.capa.actors.internal.ActorCommand.Request;
import io.capa.actors.internal.ActorCommand.TimerFired;
import io.capa.actors.internal.ActorCommand.Transact;
import io.capa.actors.internal.ActorCommand.TurnDone;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.runtime.spi.Tracing;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * INTERNAL API: runs the turns of one actor: user code, the stack of asynchronous and reentrant
 * turns, deadlines, and the reply of each turn. {@link ActorEntity} decides when a turn may start and
 * persists what an {@link Outcome} carries.
 */
final class TurnRunner {
  /**
   * A finished turn: the changes to persist (null for none), what to do once they are saved, and
   * how to answer its callers instead when they could not be saved.
   */
  record Outcome(StateDelta delta, Runnable completion, java.util.function.Consumer<Reply> abandon) {
    /** An outcome whose answer does not depend on a write: it stands even if the write fails. */
    Outcome(StateDelta delta, Runnable completion) {
      this(delta, completion, r -> completion.run());
    }

    void complete() {
      completion.run();
    }

    void abandon(Reply why) {
      abandon.accept(why);
    }
  }

  /** One turn in flight. Mutable, confined to the entity's thread. */
  static final class Turn {
    final long seq;
    /** Created when the turn first calls out, unless the turn continues a caller's chain. */
    CallChain chain;
    final TurnState state;
    final Request request;
    final String label;
    final long startNanos = System.nanoTime();
    boolean done;
    Object result;
    Throwable error;
    /** For turns run by a turn handler: the scope handed to it, and its stage while it is running. */
    TurnScopeImpl scope;
    CompletableFuture<?> handlerStage;
    /** The turn's span, ended with the reply; {@link Tracing.Span#NOOP} when not traced. */
    Tracing.Span span = Tracing.Span.NOOP;

    Turn(long seq, CallChain chain, TurnState state, Request request, String label) {
      this.seq = seq;
      this.chain = chain;
      this.state = state;
      this.request = request;
      this.label = label;
    }

    /** The turn is over: its scope stops accepting actions. */
    void end() {
      if (scope != null) {
        scope.end();
      }
    }

    /** The turn was abandoned: also tells a turn handler, by cancelling its stage, to stop its work. */
    void abandon() {
      end();
      if (handlerStage != null) {
        handlerStage.cancel(false);
      }
    }
  }

  /** The user code of a turn. */
  @FunctionalInterface
  private interface TurnBody {
    Object run() throws Throwable;
  }

  private static final byte[] EMPTY = new byte[0];

  private final TypeRuntime type;
  private final ActorId id;
  private final Tracing tracing;
  private final ActorContext<ActorCommand> ctx;
  /** Captured once: the context itself must not be touched from other threads. */
  private final org.apache.pekko.actor.typed.ActorRef<ActorCommand> self;
  private final TimerScheduler<ActorCommand> timers;
  private final ActorContextImpl actorContext;
  private final ActorTimers actorTimers;
  private final ArrayDeque<Turn> turns = new ArrayDeque<>();
  private Map<String, byte[]> saved = Map.of();
  private Actor actor;
  private CapaException activationFailure;
  /** Changes made outside any turn (in onActivate); saved together with the next successful turn. */
  private TurnState looseChanges;
  /** The turn whose code runs right now, for {@link ActorContextImpl}. */
  private Turn current;
  private long seq;

  TurnRunner(EntityDeps deps, ActorId id, ActorContext<ActorCommand> ctx, TimerScheduler<ActorCommand> timers) {
    this.type = deps.type();
    this.id = id;
    this.tracing = deps.tracing();
    this.ctx = ctx;
    this.self = ctx.getSelf();
    this.timers = timers;
    this.actorTimers = new ActorTimers(type, id, timers);
    this.actorContext = new ActorContextImpl(id, this, deps.invoker(), deps.reminders(), actorTimers);
  }

  Actor actor() {
    return actor;
  }

  boolean idle() {
    return turns.isEmpty();
  }

  boolean activationFailed() {
    return activationFailure != null;
  }

  void activate(Map<String, byte[]> savedState) {
    this.saved = savedState;
    try {
      actor = type.type.factory().get();
      ActorAccess.attach(actor, actorContext);
      ActorAccess.activate(actor);
    } catch (Throwable e) {
      activationFailure =
          new CapaException(
              ErrorCode.ACTOR_ACTIVATION_FAILED,
              "activating actor " + id + " failed: " + describe(unwrap(e)),
              unwrap(e).getClass().getName(),
              null);
      ctx.getLog().error("activating actor {} failed", id, e);
    }
  }

  void deactivate() {
    if (actor != null && activationFailure == null) {
      try {
        ActorAccess.deactivate(actor);
      } catch (Throwable e) {
        ctx.getLog().warn("onDeactivate of actor {} failed", id, e);
      }
    }
    actorTimers.cancelAll();
  }

  void rejectForFailedActivation(ActorCommand cmd) {
    if (cmd instanceof Request r) {
      r.replyTo().tell(Reply.from(activationFailure));
    }
  }

  // ---- state and context for user code ----

  TurnState currentState() {
    if (current != null) {
      return current.state;
    }
    if (looseChanges == null) {
      looseChanges = new TurnState(saved, null, type.codec);
    }
    return looseChanges;
  }

  CallChain currentChain() {
    if (current == null) {
      return null;
    }
    if (current.chain == null) {
      current.chain = CallChain.fresh();
    }
    return current.chain.next();
  }

  /** The trace context for calls made by the running turn: its span as their parent. */
  Map<String, String> currentTrace() {
    return current == null ? Map.of() : current.span.context();
  }

  /** A view of {@code stage} whose continuations run on the entity's thread, inside the calling turn. */
  <T> CompletionStage<T> onEntityThread(CompletionStage<T> stage) {
    Turn owner = current;
    CompletableFuture<T> local = new CompletableFuture<>();
    stage.whenComplete(
        (v, e) ->
            self
                .tell(
                    new ActorCommand.Resume(
                        owner,
                        () -> {
                          if (e != null) {
                            local.completeExceptionally(unwrap(e));
                          } else {
                            local.complete(v);
                          }
                        })));
    return local;
  }

  Outcome resume(ActorCommand.Resume r) {
    Turn previous = current;
    current = (Turn) r.turn();
    try {
      r.action().run();
    } finally {
      current = previous;
    }
    return null;
  }

  // ---- starting turns ----

  boolean isReentrant(Invoke inv) {
    return inv.chain() != null && !turns.isEmpty() && inv.chain().sameChain(turns.peek().chain);
  }

  Outcome reenter(Invoke inv) {
    if (!type.reentrant) {
      inv.replyTo()
          .tell(
              Reply.failed(
                  ErrorCode.REENTRANCY_REJECTED,
                  "actor "
                      + id
                      + " is in a turn of the same call chain and reentrancy is disabled for type "
                      + type.name
                      + "; the call would deadlock"));
      return null;
    }
    if (inv.chain().depth() > type.maxReentrancyDepth) {
      inv.replyTo()
          .tell(
              Reply.failed(
                  ErrorCode.REENTRANCY_DEPTH_EXCEEDED,
                  "call chain reached depth "
                      + inv.chain().depth()
                      + " at actor "
                      + id
                      + ", over the maximum of "
                      + type.maxReentrancyDepth));
      return null;
    }
    return run(inv.chain(), inv, inv.method(), true, () -> callMethod(inv.method(), inv.payload()));
  }

  Outcome invoke(Invoke inv) {
    return run(inv.chain(), inv, inv.method(), false, () -> callMethod(inv.method(), inv.payload()));
  }

  Outcome transact(Transact t) {
    return run(
        null,
        t,
        "state-transaction",
        false,
        () -> {
          TurnState s = current.state;
          for (StateOp op : t.operations()) {
            if (op.value() != null) {
              s.setRaw(op.key(), op.value());
            } else {
              s.remove(op.key());
            }
          }
          return null;
        });
  }

  Outcome remind(FireReminder f) {
    return run(
        null,
        f,
        "reminder",
        false,
        () -> {
          if (type.handler != null) {
            return requireStage(type.handler.reminder(scopeOfCurrent(), f.name(), orEmpty(f.data())));
          }
          ActorAccess.remind(actor, f.name(), f.data());
          return null;
        });
  }

  Outcome timerFired(TimerFired t) {
    ActorTimers.Fired fired = actorTimers.fired(t);
    if (fired == null) {
      return null;
    }
    return run(
        null,
        null,
        fired.callback(),
        false,
        () -> callMethod(fired.callback(), fired.data()));
  }

  void timerCommand(Request r) {
    try {
      if (r instanceof ActorCommand.StartTimer s) {
        type.methods.find(s.timer().callback());
        actorTimers.start(s.timer());
        r.replyTo().tell(Reply.EMPTY);
      } else if (r instanceof ActorCommand.StopTimer s) {
        r.replyTo().tell(new Reply.Ok(actorTimers.cancel(s.name()) ? new byte[] {1} : EMPTY));
      }
    } catch (CapaException e) {
      r.replyTo().tell(Reply.from(e));
    }
  }

  private Object callMethod(String method, byte[] payload) throws Throwable {
    if (type.handler != null) {
      type.invocations(method).inc();
      return requireStage(type.handler.invoke(scopeOfCurrent(), method, orEmpty(payload)));
    }
    MethodTable.Entry e = type.methods.find(method);
    type.invocations(method).inc();
    return type.methods.call(e, actor, payload, type.codec);
  }

  private TurnScopeImpl scopeOfCurrent() {
    current.scope = new TurnScopeImpl(id, current.label, self, actorContext, current);
    return current.scope;
  }

  private static CompletionStage<?> requireStage(CompletionStage<?> stage) {
    if (stage == null) {
      throw new IllegalStateException("the turn handler returned no stage");
    }
    return stage;
  }

  private static byte[] orEmpty(byte[] b) {
    return b == null ? EMPTY : b;
  }

  private Outcome run(CallChain chain, Request request, String label, boolean nested, TurnBody body) {
    if (request != null && request.deadline() < System.currentTimeMillis()) {
      request.replyTo().tell(Reply.failed(ErrorCode.DEADLINE_EXCEEDED, "the call to actor " + id + " waited past its deadline before its turn began"));
      return null;
    }
    TurnState parent = nested ? turns.peek().state : looseChanges;
    Turn t = new Turn(++seq, chain, new TurnState(saved, parent, type.codec), request, label);
    if (request instanceof Invoke inv && tracing.enabled()) {
      t.span = startSpan(inv);
    }
    Object result;
    Turn previous = current;
    current = t;
    try {
      result = body.run();
    } catch (Throwable e) {
      return failed(t, e);
    } finally {
      current = previous;
    }
    if (result instanceof CompletionStage<?> stage) {
      CompletableFuture<?> f = stage.toCompletableFuture();
      if (!f.isDone()) {
        if (t.scope != null) {
          t.handlerStage = f;
        }
        turns.push(t);
        stage.whenComplete((v, e) -> self.tell(new TurnDone(t.seq, v, e)));
        timers.startSingleTimer(turnKey(t.seq), new ActorCommand.TurnExpired(t.seq), turnBudget(request));
        return null;
      }
      try {
        result = f.join();
      } catch (Throwable e) {
        return failed(t, e);
      }
    }
    return succeeded(t, result);
  }

  private Duration turnBudget(Request request) {
    long budget = type.turnTimeout.toMillis();
    if (request != null) {
      budget = Math.min(budget, request.deadline() - System.currentTimeMillis());
    }
    return Duration.ofMillis(Math.max(1, budget));
  }

  // ---- finishing turns ----

  /** An asynchronous turn's stage completed; finishes it, and any outer turn that was waiting. */
  Outcome completed(TurnDone d) {
    Turn t = find(d.turn());
    if (t == null) {
      return null; // it expired already
    }
    t.done = true;
    t.result = d.result();
    t.error = d.error();
    t.end();
    List<Outcome> outcomes = new ArrayList<>();
    while (!turns.isEmpty() && turns.peek().done) {
      Turn top = turns.pop();
      timers.cancel(turnKey(top.seq));
      outcomes.add(top.error != null ? failed(top, top.error) : succeeded(top, top.result));
    }
    return combine(outcomes);
  }

  /** The turn ran out of time: it and every turn nested in it fail, and their changes are dropped. */
  void expire(long turnSeq) {
    if (find(turnSeq) == null) {
      return;
    }
    while (!turns.isEmpty()) {
      Turn top = turns.pop();
      timers.cancel(turnKey(top.seq));
      type.turnErrors.inc();
      // Cancelled before the caller hears of it, so a caller that sees the deadline error knows
      // the handler has been told to stop.
      top.abandon();
      reply(
          top,
          Reply.failed(
              ErrorCode.DEADLINE_EXCEEDED,
              "turn '" + top.label + "' of actor " + id + " did not finish in time; its state changes were discarded"));
      if (top.seq == turnSeq) {
        return;
      }
    }
  }

  private Outcome succeeded(Turn t, Object result) {
    t.end();
    byte[] payload;
    try {
      // A turn handler's result is encoded already.
      payload =
          result == null ? EMPTY : t.scope != null && result instanceof byte[] raw ? raw : type.codec.encode(result);
    } catch (Throwable e) {
      return failed(t, e);
    }
    Reply reply = new Reply.Ok(payload);
    TurnState layer = t.state;
    if (layer.parent() != null && layer.parent() != looseChanges) {
      layer.mergeIntoParent(); // a reentrant turn: saved with the turn it entered
      return new Outcome(null, () -> reply(t, reply), r -> reply(t, r));
    }
    if (layer.parent() != null) {
      layer.mergeIntoParent();
      layer = looseChanges;
    }
    if (layer.isEmpty()) {
      return new Outcome(null, () -> reply(t, reply));
    }
    looseChanges = null;
    return new Outcome(layer.toDelta(), () -> reply(t, reply), r -> reply(t, r));
  }

  private Outcome failed(Turn t, Throwable error) {
    t.end();
    Throwable e = unwrap(error);
    type.turnErrors.inc();
    CapaException failure =
        e instanceof CapaException ce
            ? ce
            : new CapaException(
                ErrorCode.ACTOR_METHOD_FAILED,
                "actor " + id + " failed in '" + t.label + "': " + describe(e),
                e.getClass().getName(),
                null);
    if (t.request == null) {
      ctx.getLog().warn("turn '{}' of actor {} failed", t.label, id, e);
    }
    return new Outcome(null, () -> reply(t, Reply.from(failure)));
  }

  private Tracing.Span startSpan(Invoke inv) {
    try {
      return tracing
          .start("actor " + type.name + "." + inv.method(), Tracing.Kind.SERVER, inv.trace())
          .attribute("capa.actor.type", type.name)
          .attribute("capa.actor.id", id.id())
          .attribute("capa.actor.method", inv.method());
    } catch (RuntimeException e) {
      // A faulty tracing plug-in must not fail the turn it only observes.
      ctx.getLog().warn("starting the span of a turn of actor {} failed", id, e);
      return Tracing.Span.NOOP;
    }
  }

  private void reply(Turn t, Reply reply) {
    if (t.span != Tracing.Span.NOOP) {
      t.span.end(reply instanceof Reply.Failed f ? f.toException() : null);
      t.span = Tracing.Span.NOOP;
    }
    if (t.request != null) {
      t.request.replyTo().tell(reply);
    }
  }

  /** Fails everything still waiting when the entity stops, so callers hear it now, not at their timeout. */
  void failAll(CapaException why, ArrayDeque<ActorCommand> queue) {
    Reply r = Reply.from(why);
    while (!turns.isEmpty()) {
      Turn t = turns.pop();
      t.abandon();
      reply(t, r);
    }
    for (ActorCommand c : queue) {
      if (c instanceof Request req) {
        req.replyTo().tell(r);
      }
    }
    queue.clear();
  }

  private static Outcome combine(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return null;
    }
    if (outcomes.size() == 1) {
      return outcomes.get(0);
    }
    StateDelta delta = outcomes.get(outcomes.size() - 1).delta();
    return new Outcome(
        delta, () -> outcomes.forEach(Outcome::complete), r -> outcomes.forEach(o -> o.abandon(r)));
  }

  private Turn find(long turnSeq) {
    for (Iterator<Turn> it = turns.iterator(); it.hasNext(); ) {
      Turn t = it.next();
      if (t.seq == turnSeq) {
        return t;
      }
    }
    return null;
  }

  private static String turnKey(long seq) {
    return "turn:" + seq;
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof java.util.concurrent.CompletionException
            || e instanceof java.util.concurrent.ExecutionException
            || e instanceof java.lang.reflect.InvocationTargetException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
  }
}
