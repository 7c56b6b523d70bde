package io.capa.runtime.internal.invocation;

import io.capa.runtime.api.InvocationSource;
import io.capa.runtime.metrics.Counter;
import io.capa.runtime.metrics.MetricsRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * INTERNAL API: the figures of one invocation graph. The gauges are written only by the admission
 * stage (a single writer) and read by anyone; the counters are written from any thread.
 */
public final class GraphMetrics {
  private static final InvocationSource[] SOURCES = InvocationSource.values();
  private static final RejectReason[] REASONS = RejectReason.values();

  volatile int waiting;
  volatile int inFlight;
  volatile int targets;
  final LongAdder dispatched = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  /** Children of the registry's counter once bound, so a rejection costs no label lookup. */
  private volatile Counter.Child[][] rejectedChildren;

  public int waiting() {
    return waiting;
  }

  public int inFlight() {
    return inFlight;
  }

  public int targets() {
    return targets;
  }

  public long dispatched() {
    return dispatched.sum();
  }

  public long rejected() {
    return rejected.sum();
  }

  public void rejected(InvocationSource source, RejectReason reason) {
    rejected.increment();
    Counter.Child[][] children = rejectedChildren;
    if (children != null) {
      children[source.ordinal()][reason.ordinal()].inc();
    }
  }

  /** Publishes the figures in {@code registry}; binding the same registry again changes nothing. */
  public synchronized void bind(MetricsRegistry registry) {
    registry.gaugeFunction(
        "capa_invocations_waiting", "Calls admitted by the invocation graph and waiting for their target", () -> waiting);
    registry.gaugeFunction(
        "capa_invocations_in_flight", "Calls the invocation graph dispatched that have not completed", () -> inFlight);
    registry.gaugeFunction(
        "capa_invocation_targets", "Targets with calls waiting or in flight in the invocation graph", () -> targets);
    Counter counter =
        registry.counter(
            "capa_invocations_rejected_total",
            "Calls the invocation graph refused, by source and reason",
            "source",
            "reason");
    Counter.Child[][] children = new Counter.Child[SOURCES.length][REASONS.length];
    for (InvocationSource s : SOURCES) {
      for (RejectReason r : REASONS) {
        children[s.ordinal()][r.ordinal()] = counter.labels(s.label(), r.label);
      }
    }
    rejectedChildren = children;
  }
}
