package io.capa.runtime.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.runtime.internal.invocation.Admission;
import io.capa.runtime.internal.invocation.AdmissionStage;
import io.capa.runtime.internal.invocation.GraphMetrics;
import io.capa.runtime.internal.invocation.GraphSettings;
import io.capa.runtime.internal.invocation.RejectReason;
import io.capa.runtime.metrics.MetricsRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The one way into a node for every call that reaches a target: RPC and HTTP API calls, reminder
 * firings, and later bindings, the proxy and webhooks. One graph per actor system, built on first use
 * from {@code capa.invocation.*}:
 *
 * <pre>
 *  submit ─► target known to be full? → ERR_OVERLOADED at once, on the caller's thread
 *         ─► entry queue (capa.invocation.entry-buffer; full → ERR_OVERLOADED at once)
 *         ─► admission: per target at most per-target-parallelism calls in flight and
 *            per-target-queue waiting (more → ERR_OVERLOADED), each waiting at most max-wait
 *            (→ ERR_OVERLOADED) or until its deadline (→ ERR_DEADLINE_EXCEEDED)
 *         ─► dispatch on the target ─► the caller's stage completes with the target's answer
 * </pre>
 *
 * A slow target only ever holds its own slots and queue, so calls to other targets go on. The
 * memory the graph holds is bounded by {@code entry-buffer + max-waiting} waiting calls plus the
 * calls in flight.
 *
 * <pre>
 *   InvocationGraph graph = InvocationGraph.get(system);
 *   CompletionStage&lt;byte[]&gt; r = graph.submit(
 *       Invocation.of(InvocationSource.HTTP, "actor/Counter/c1", () -&gt; actors.invoke(call))
 *           .withTimeout(Duration.ofSeconds(5)));
 * </pre>
 */
public final class InvocationGraph implements Extension {
  private static final Id ID = new Id();

  private final GraphSettings settings;
  private final GraphMetrics metrics = new GraphMetrics();
  private final BoundedSourceQueue<Admission<?>> queue;
  /**
   * Targets whose slots and queue are all taken, as last published by the admission stage. Their
   * callers are refused at the door, so that one flooded target cannot fill the entry queue that
   * every other target's calls pass through.
   */
  private final Set<String> saturated = ConcurrentHashMap.newKeySet();

  private InvocationGraph(ActorSystem<?> system) {
    this.settings = GraphSettings.from(system.settings().config());
    // The system's default dispatcher runs dispatches and completes callers: an explicit executor,
    // never the common pool (one thread on a 2-core machine).
    Executor executor = system.executionContext();
    Materializer materializer = Materializer.createMaterializer(system);
    this.queue =
        Source.<Admission<?>>queue(settings.entryBuffer())
            .to(Sink.fromGraph(new AdmissionStage(settings, executor, metrics, saturated)))
            .named("capa-invocation-graph")
            .run(materializer);
  }

  /** The graph of {@code system}; the first call builds it. Fails with {@link ConfigException} for bad settings. */
  public static InvocationGraph get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /**
   * Submits a call. The stage fails with {@link CapaException}: {@code ERR_OVERLOADED} when the
   * graph or the target is saturated, {@code ERR_DEADLINE_EXCEEDED} when the call's deadline passes
   * before it is dispatched, {@code ERR_SHUTTING_DOWN} once the graph stopped; otherwise it completes
   * as the dispatched call does. Never blocks.
   */
  public <T> CompletionStage<T> submit(Invocation<T> invocation) {
    Objects.requireNonNull(invocation, "invocation");
    if (saturated.contains(invocation.target())) {
      metrics.rejected(invocation.source(), RejectReason.TARGET_QUEUE_FULL);
      return CompletableFuture.failedStage(
          new CapaException(
              ErrorCode.OVERLOADED,
              "target " + invocation.target() + " is overloaded: its calls in flight (capa.invocation.per-target-parallelism = "
                  + settings.perTargetParallelism() + ") and waiting (capa.invocation.per-target-queue = "
                  + settings.perTargetQueue() + ") are at their bounds; retry later"));
    }
    Admission<T> admission = new Admission<>(invocation, System.nanoTime());
    QueueOfferResult result = queue.offer(admission);
    if (result.isEnqueued()) {
      return admission.promise().minimalCompletionStage();
    }
    if (result == QueueOfferResult.dropped()) {
      metrics.rejected(invocation.source(), RejectReason.ENTRY_QUEUE_FULL);
      return CompletableFuture.failedStage(
          new CapaException(
              ErrorCode.OVERLOADED,
              "the node is overloaded: " + metrics.waiting() + " calls are waiting (capa.invocation.max-waiting = "
                  + settings.maxWaiting() + ") and the entry queue of " + settings.entryBuffer()
                  + " (capa.invocation.entry-buffer) is full; call to " + invocation.target() + " refused, retry later"));
    }
    metrics.rejected(invocation.source(), RejectReason.SHUTTING_DOWN);
    return CompletableFuture.failedStage(
        new CapaException(
            ErrorCode.SHUTTING_DOWN, "the node is shutting down; call to " + invocation.target() + " refused"));
  }

  /**
   * Publishes the graph's figures in {@code registry}: {@code capa_invocations_waiting}, {@code
   * capa_invocations_in_flight}, {@code capa_invocation_targets} (gauges) and {@code
   * capa_invocations_rejected_total{source,reason}}. Rejections before the first binding are not
   * counted there.
   */
  public void bindMetrics(MetricsRegistry registry) {
    metrics.bind(Objects.requireNonNull(registry, "registry"));
  }

  public InvocationStats stats() {
    return new InvocationStats(
        queue.size(), metrics.waiting(), metrics.inFlight(), metrics.targets(), metrics.dispatched(), metrics.rejected());
  }

  /**
   * How long a caller refused with {@code ERR_OVERLOADED} should wait before trying again ({@code
   * capa.invocation.retry-after}); internal callers such as reminders use it as their backoff.
   */
  public Duration retryAfter() {
    return settings.retryAfter();
  }

  private static final class Id extends ExtensionId<InvocationGraph> {
    @Override
    public InvocationGraph createExtension(ActorSystem<?> system) {
      return new InvocationGraph(system);
    }
  }
}
