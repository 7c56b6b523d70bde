package io.capa.runtime.internal.invocation;

import io.capa.api.ErrorCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the admission stage of the invocation graph, a sink for submitted calls.
 *
 * <pre>
 *  in ─► deadline passed? ─► reject DEADLINE_EXCEEDED
 *        target has a free slot and nobody waiting ─► dispatch (on the executor)
 *        target queue full ─► reject OVERLOADED
 *        otherwise ─► wait in the target's FIFO queue, with a timer at min(max-wait, deadline)
 *  completion (async callback) ─► free the slot ─► dispatch the target's next waiter
 * </pre>
 *
 * <p>Per target at most {@code per-target-parallelism} calls run and at most {@code per-target-queue}
 * wait, so a slow target costs a bounded amount of memory and turns its excess away at once instead
 * of delaying anyone else. The stage pulls its input as long as fewer than {@code max-waiting} calls
 * wait in total; only that global bound makes it stop pulling, and the entry queue in front of it
 * then fills and refuses further calls synchronously.
 */
public final class AdmissionStage extends GraphStage<SinkShape<Admission<?>>> {
  private static final Logger log = LoggerFactory.getLogger(AdmissionStage.class);

  private final Inlet<Admission<?>> in = Inlet.create("InvocationAdmission.in");
  private final SinkShape<Admission<?>> shape = SinkShape.of(in);
  private final GraphSettings settings;
  private final Executor executor;
  private final GraphMetrics metrics;
  private final Set<String> saturated;

  /**
   * @param executor runs dispatches and completes callers; never the stage's own thread
   * @param saturated written by the stage: the targets whose slots and queue are all taken right
   *     now, so that submitters can refuse their calls before they take room in the shared entry
   *     queue (a thread-safe set)
   */
  public AdmissionStage(GraphSettings settings, Executor executor, GraphMetrics metrics, Set<String> saturated) {
    this.settings = settings;
    this.executor = executor;
    this.metrics = metrics;
    this.saturated = saturated;
  }

  @Override
  public SinkShape<Admission<?>> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  /** The calls of one target in the stage. Removed from the map when it has none. */
  static final class Target {
    final String key;
    int inFlight;
    final ArrayDeque<Admission<?>> waiting = new ArrayDeque<>();
    /** Whether {@link #key} is in the shared saturated set; changed only on transitions. */
    boolean saturated;
    /** Starts this target's dispatches in admission order (E-order for calls on one reference). */
    final Executor starter;

    Target(String key, Executor executor) {
      this.key = key;
      this.starter = new OrderedExecutor(executor);
    }
  }

  private final class Logic extends TimerGraphStageLogic {
    private final Map<String, Target> targets = new HashMap<>();
    private int waitingTotal;
    private int inFlightTotal;
    private boolean upstreamDone;
    private AsyncCallback<Target> completed;

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              Admission<?> a = grab(in);
              try {
                admit(a);
              } catch (RuntimeException e) {
                // One bad call must not stop the graph for every other caller.
                log.error("invocation graph could not admit a call to {}", a.invocation.target(), e);
                a.reject(executor, ErrorCode.INTERNAL, () -> "invocation graph failure: " + e);
              }
              pullIfRoom();
            }

            @Override
            public void onUpstreamFinish() {
              upstreamDone = true;
              rejectAllWaiting();
              completeIfIdle();
            }

            @Override
            public void onUpstreamFailure(Throwable ex) {
              onUpstreamFinish();
            }
          });
    }

    @Override
    public void preStart() {
      completed = createAsyncCallback(this::onCompleted);
      // In-flight calls still report back after the input closed; the stage ends when they have.
      setKeepGoing(true);
      pull(in);
    }

    @Override
    public void postStop() {
      rejectAllWaiting();
      saturated.clear();
      metrics.inFlight = 0;
      metrics.targets = 0;
    }

    private void admit(Admission<?> a) {
      long now = System.nanoTime();
      String key = a.invocation.target();
      if (a.deadlineNanos <= now) {
        reject(a, RejectReason.DEADLINE, ErrorCode.DEADLINE_EXCEEDED,
            () -> "the deadline of the call to " + key + " passed before it could be dispatched");
        return;
      }
      Target t = targets.get(key);
      if (t == null) {
        t = new Target(key, executor);
        targets.put(key, t);
        metrics.targets = targets.size();
      }
      if (t.inFlight < settings.perTargetParallelism() && t.waiting.isEmpty()) {
        start(t, a);
        return;
      }
      if (t.waiting.size() >= settings.perTargetQueue()) {
        int inFlight = t.inFlight;
        int waiting = t.waiting.size();
        reject(a, RejectReason.TARGET_QUEUE_FULL, ErrorCode.OVERLOADED,
            () -> "target " + key + " is overloaded: " + inFlight + " calls in flight (capa.invocation.per-target-parallelism = "
                + settings.perTargetParallelism() + ") and " + waiting
                + " waiting (capa.invocation.per-target-queue = " + settings.perTargetQueue() + "); retry later");
        return;
      }
      long expiry = Math.min(a.deadlineNanos, saturatedAdd(a.submittedNanos, settings.maxWait().toNanos()));
      t.waiting.addLast(a);
      a.waitingIn = t;
      waitingTotal++;
      metrics.waiting = waitingTotal;
      scheduleOnce(a, Duration.ofNanos(Math.max(0, expiry - now)));
      updateSaturation(t);
    }

    private void start(Target t, Admission<?> a) {
      t.inFlight++;
      inFlightTotal++;
      metrics.inFlight = inFlightTotal;
      metrics.dispatched.increment();
      updateSaturation(t);
      a.dispatch(t.starter, () -> completed.invoke(t));
    }

    /** Publishes whether the target is full, touching the shared set only when that changes. */
    private void updateSaturation(Target t) {
      boolean full = t.inFlight >= settings.perTargetParallelism() && t.waiting.size() >= settings.perTargetQueue();
      if (full != t.saturated) {
        t.saturated = full;
        if (full) {
          saturated.add(t.key);
        } else {
          saturated.remove(t.key);
        }
      }
    }

    private void onCompleted(Target t) {
      t.inFlight--;
      inFlightTotal--;
      metrics.inFlight = inFlightTotal;
      while (t.inFlight < settings.perTargetParallelism() && !t.waiting.isEmpty()) {
        Admission<?> next = t.waiting.pollFirst();
        next.waitingIn = null;
        cancelTimer(next);
        waitingTotal--;
        metrics.waiting = waitingTotal;
        start(t, next);
      }
      updateSaturation(t);
      forgetIfIdle(t);
      pullIfRoom();
      completeIfIdle();
    }

    @Override
    public void onTimer(Object key) {
      Admission<?> a = (Admission<?>) key;
      Target t = a.waitingIn;
      if (t == null) {
        return; // dispatched meanwhile
      }
      // FIFO with one max-wait for all: the expired call is nearly always at the head.
      t.waiting.remove(a);
      a.waitingIn = null;
      waitingTotal--;
      metrics.waiting = waitingTotal;
      long waitedMs = (System.nanoTime() - a.submittedNanos) / 1_000_000L;
      int inFlight = t.inFlight;
      int waiting = t.waiting.size();
      String target = t.key;
      if (a.deadlineNanos <= saturatedAdd(a.submittedNanos, settings.maxWait().toNanos())) {
        reject(a, RejectReason.DEADLINE, ErrorCode.DEADLINE_EXCEEDED,
            () -> "the deadline of the call to " + target + " passed after " + waitedMs + " ms waiting behind "
                + inFlight + " calls in flight and " + waiting + " waiting");
      } else {
        reject(a, RejectReason.MAX_WAIT, ErrorCode.OVERLOADED,
            () -> "target " + target + " is overloaded: the call waited " + waitedMs + " ms (capa.invocation.max-wait = "
                + settings.maxWait().toMillis() + " ms) behind " + inFlight + " calls in flight and "
                + waiting + " waiting; retry later");
      }
      updateSaturation(t);
      forgetIfIdle(t);
      pullIfRoom();
    }

    private void reject(Admission<?> a, RejectReason reason, ErrorCode code, Supplier<String> message) {
      metrics.rejected(a.invocation.source(), reason);
      a.reject(executor, code, message);
    }

    private void rejectAllWaiting() {
      for (Target t : targets.values()) {
        Admission<?> a;
        while ((a = t.waiting.pollFirst()) != null) {
          a.waitingIn = null;
          cancelTimer(a);
          String key = t.key;
          reject(a, RejectReason.SHUTTING_DOWN, ErrorCode.SHUTTING_DOWN,
              () -> "the node is shutting down; call to " + key + " not made");
        }
      }
      for (Target t : targets.values()) {
        updateSaturation(t);
      }
      targets.values().removeIf(t -> t.inFlight == 0);
      waitingTotal = 0;
      metrics.waiting = 0;
      metrics.targets = targets.size();
    }

    private void forgetIfIdle(Target t) {
      if (t.inFlight == 0 && t.waiting.isEmpty()) {
        targets.remove(t.key);
        metrics.targets = targets.size();
      }
    }

    private void pullIfRoom() {
      if (waitingTotal < settings.maxWaiting() && !upstreamDone && !hasBeenPulled(in) && !isClosed(in)) {
        pull(in);
      }
    }

    private void completeIfIdle() {
      if (upstreamDone && inFlightTotal == 0) {
        completeStage();
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
