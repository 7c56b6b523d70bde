package io.capa.bindings.api;

import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingService;
import io.capa.bindings.spi.BindingTarget;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputEvent;
import io.capa.bindings.spi.InputSettings;
import io.capa.components.api.Components;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every input binding component into its target, each as one backpressured stream:
 *
 * <pre>
 *  binding.lanes() ─► flatMapMerge: each lane mapAsyncPartitioned(orderingKey), one event at a
 *                     time per key, in order; a permit pool caps deliveries in flight across lanes
 *                     at parallelism
 *         deliver to the target; on failure retry maxRetries times with doubling backoff,
 *         then binding.deadLetter(event); the target's answer goes to the responseBindings
 *    ─► binding.acknowledger()                          acknowledge only what was handled
 *  the whole run restarts with backoff (1 s to 30 s) when it fails; unacknowledged events come again
 * </pre>
 *
 * Memory is bounded by the binding's own buffers plus {@code parallelism} events in flight: a slow
 * target slows the pulls from the source (Kafka pauses its partitions).
 */
public final class InputBindings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InputBindings.class);
  private static final RestartSettings RESTART =
      RestartSettings.create(Duration.ofSeconds(1), InputSettings.MAX_BACKOFF, 0.2);

  /** Lanes merged at once; more would wait for a free slot, so it is above any partition count in use. */
  private static final int MAX_LANES = 4096;

  private final Components components;
  private final BindingTargets targets;
  private final BindingService outputs;
  private final Materializer materializer;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Map<String, Run> running = new LinkedHashMap<>();
  private final Map<String, String> problems = new LinkedHashMap<>();
  private final Placement placement;
  private boolean closed;

  /**
   * Where a {@linkplain InputBinding#clusterSingleton() once-per-cluster} binding runs. {@link
   * #place} is called from {@link InputBindings#start()} for each such binding not running here; the
   * implementation calls {@link InputBindings#startHere} on the one node chosen (now or later) and
   * {@link InputBindings#stop} there when the binding leaves that node.
   */
  @FunctionalInterface
  public interface Placement {
    /** No cluster: this node is the only one, so it runs the binding. */
    Placement HERE = (inputs, name) -> inputs.startHere(name);

    void place(InputBindings inputs, String name);
  }

  /**
   * @param outputs where targets' answers go for bindings with {@code responseBindings}
   * @param scheduler times retry backoffs
   * @param executor runs the continuations of deliveries (never the common pool)
   */
  public InputBindings(Components components, BindingTargets targets, BindingService outputs,
      Materializer materializer, ScheduledExecutorService scheduler, Executor executor) {
    this(components, targets, outputs, materializer, scheduler, executor, Placement.HERE);
  }

  /**
   * @param placement where once-per-cluster bindings ({@link InputBinding#clusterSingleton()}) run
   */
  public InputBindings(Components components, BindingTargets targets, BindingService outputs,
      Materializer materializer, ScheduledExecutorService scheduler, Executor executor, Placement placement) {
    this.placement = Objects.requireNonNull(placement, "placement");
    this.components = Objects.requireNonNull(components, "components");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.outputs = Objects.requireNonNull(outputs, "outputs");
    this.materializer = Objects.requireNonNull(materializer, "materializer");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * Starts every input binding not yet running, once-per-cluster ones through the {@link
   * Placement}; a binding that cannot start is listed in {@link #problems()}.
   */
  public synchronized void start() {
    if (closed) {
      return;
    }
    for (String name : components.names(InputBinding.class)) {
      if (!running.containsKey(name)) {
        try {
          if (components.require(name, InputBinding.class, "input binding").clusterSingleton()) {
            placement.place(this, name);
          } else {
            start(name);
          }
        } catch (RuntimeException e) {
          problems.put(name, e.getMessage());
          LOG.warn("input binding '{}' not started: {}", name, e.getMessage());
        }
      }
    }
  }

  /** Starts the input binding {@code name}; no-op when its direction excludes input. */
  public synchronized void start(String name) {
    InputBinding binding = components.require(name, InputBinding.class, "input binding");
    if (!binding.direction().input()) {
      return;
    }
    InputSettings settings = binding.inputSettings();
    BindingTarget target = targets.resolve(name, settings);
    SharedKillSwitch drain = KillSwitches.shared("binding-" + name);
    Source<Done, ?> run = RestartSource.onFailuresWithBackoff(RESTART, () -> oneRun(name, binding, settings, target, drain));
    UniqueKillSwitch kill = run.viaMat(KillSwitches.single(), Keep.right()).to(Sink.ignore()).run(materializer);
    running.put(name, new Run(drain, kill));
    problems.remove(name);
  }

  /**
   * Starts {@code name} on this node unless it runs already, the component is gone or this is
   * closed: what a {@link Placement} calls on the node it chose. A failure is listed in {@link
   * #problems()}.
   */
  public synchronized void startHere(String name) {
    if (closed || running.containsKey(name) || !components.names(InputBinding.class).contains(name)) {
      return;
    }
    try {
      start(name);
    } catch (RuntimeException e) {
      problems.put(name, e.getMessage());
      LOG.warn("input binding '{}' not started: {}", name, e.getMessage());
    }
  }

  /** Names of the bindings running now. */
  public synchronized List<String> running() {
    return new ArrayList<>(running.keySet());
  }

  /** Bindings that could not start, with the reason. */
  public synchronized Map<String, String> problems() {
    return Map.copyOf(problems);
  }

  /**
   * Stops taking events from {@code name}: events under way are still handled and acknowledged, the
   * rest stay at the source for the next run.
   */
  public synchronized void stop(String name) {
    Run run = running.remove(name);
    if (run != null) {
      run.drain().shutdown();
    }
  }

  /**
   * Ends {@code name}'s stream at once, as a crash would: nothing more is acknowledged, so events
   * handled but not yet acknowledged come again on the next run.
   */
  public synchronized void abort(String name) {
    Run run = running.remove(name);
    if (run != null) {
      run.kill().abort(new IllegalStateException("input binding '" + name + "' aborted"));
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    new ArrayList<>(running.keySet()).forEach(this::stop);
  }

  private Source<Done, ?> oneRun(String name, InputBinding binding, InputSettings settings, BindingTarget target,
      SharedKillSwitch drain) {
    Permits permits = new Permits(settings.parallelism(), executor);
    return binding.lanes()
        .via(drain.flow())
        // The switch on each lane too: a lane outlives the source of lanes (the default single lane does).
        .flatMapMerge(MAX_LANES, lane -> lane.via(drain.flow()).mapAsyncPartitioned(settings.parallelism(), InputEvent::orderingKey,
            (event, key) -> permits.withPermit(() -> handle(name, binding, settings, target, event, 0))
                .thenApply(v -> event)))
        .via(binding.acknowledger())
        .map(acked -> Done.done());
  }

  private CompletionStage<Void> handle(String name, InputBinding binding, InputSettings settings, BindingTarget target,
      InputEvent event, int attempt) {
    CompletionStage<Void> delivered = deliverOnce(name, settings, target, event);
    return delivered.handleAsync((ok, error) -> {
      if (error == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error;
      if (attempt >= settings.maxRetries()) {
        LOG.warn("input binding '{}': target refused an event {} times, last: {}", name, attempt + 1, cause.toString());
        return binding.deadLetter(event, cause);
      }
      long delay = Math.min(settings.retryBackoff().toMillis() << Math.min(attempt, 20), InputSettings.MAX_BACKOFF.toMillis());
      CompletableFuture<Void> retried = new CompletableFuture<>();
      scheduler.schedule(() -> handle(name, binding, settings, target, event, attempt + 1)
          .whenComplete((v, e) -> {
            if (e == null) {
              retried.complete(null);
            } else {
              retried.completeExceptionally(e);
            }
          }), delay, TimeUnit.MILLISECONDS);
      return retried;
    }, executor).thenCompose(stage -> stage);
  }

  private record Run(SharedKillSwitch drain, UniqueKillSwitch kill) {}

  private CompletionStage<Void> deliverOnce(String name, InputSettings settings, BindingTarget target, InputEvent event) {
    CompletionStage<byte[]> answer;
    try {
      answer = target.deliver(name, event.data(), event.metadata());
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
    if (settings.responseBindings().isEmpty()) {
      return answer.thenApply(a -> null);
    }
    return answer.thenComposeAsync(body -> {
      CompletableFuture<?>[] sent = settings.responseBindings().stream()
          .map(out -> outputs.invoke(new BindingRequest(out, "create", body, Map.of())).toCompletableFuture())
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(sent);
    }, executor);
  }
}
