package io.capa.bindings.spi;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.api.InputBindings;
import io.capa.components.testkit.MapComponents;
import io.capa.bindings.testing.RecordingTarget;
import io.capa.bindings.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every input binding must do, run against a real server by one subclass per binding type:
 * events reach the target, are acknowledged only once handled, keep their order per key, and are
 * retried when the target fails.
 *
 * <p>Subclasses create bindings with {@code maxRetries} 2 and {@code retryBackoff} 20ms on a source
 * (topic, queue ...) fresh for each test, and publish to it.
 */
public abstract class InputBindingConformance {
  protected static final String NAME = "in";

  private final List<InputBindings> runs = new ArrayList<>();
  private final List<InputBinding> bindings = new ArrayList<>();

  /** Makes a fresh source for this test; called before each test. */
  protected abstract void prepareSource() throws Exception;

  /** A new binding on this test's source; several in one test share its acknowledgements. */
  protected abstract InputBinding createBinding() throws Exception;

  /** Puts one event with {@code value} as its data into the source; {@code key} orders it. */
  protected abstract void publish(String value, String key) throws Exception;

  /** Waits until a binding just started receives events published from now on. */
  protected void awaitReady(InputBinding binding) throws Exception {
    await("binding healthy: " + binding.health(), 30, () -> binding.health().up());
  }

  @BeforeEach
  void prepare() throws Exception {
    prepareSource();
  }

  @AfterEach
  void stopAll() {
    runs.forEach(InputBindings::close);
    bindings.forEach(InputBinding::close);
  }

  protected InputBindings run(RecordingTarget target) throws Exception {
    InputBinding binding = createBinding();
    bindings.add(binding);
    MapComponents components = new MapComponents().put(NAME, binding);
    InputBindings run = new InputBindings(components, (name, settings) -> target,
        new ComponentBindingService(components), BindingStreams.materializer(), TestConfigs.SCHEDULER,
        TestConfigs.BLOCKING);
    run.start();
    assertThat(run.problems()).isEmpty();
    assertThat(run.running()).containsExactly(NAME);
    runs.add(run);
    awaitReady(binding);
    return run;
  }

  @Test
  void events_published_reachTheTargetAndAreNotDeliveredAgain() throws Exception {
    RecordingTarget first = new RecordingTarget();
    InputBindings run = run(first);
    List<String> values = IntStream.range(0, 5).mapToObj(i -> "v" + i).toList();
    for (String v : values) {
      publish(v, "k");
    }
    await("5 events at the target: " + first.received, 60, () -> first.received.size() >= 5);
    assertThat(first.received).containsExactlyElementsOf(values);
    run.stop(NAME);

    RecordingTarget second = new RecordingTarget();
    run(second);
    publish("after", "k");
    await("the new event at the second target", 60, () -> second.received.contains("after"));
    assertThat(second.received).containsExactly("after");
  }

  @Test
  void events_sameKey_keepTheirOrder() throws Exception {
    RecordingTarget target = new RecordingTarget();
    // A slow first event: a binding that reorders would let later ones overtake it.
    target.behave(v -> v.equals("e0")
        ? CompletableFuture.supplyAsync(() -> new byte[0], CompletableFuture.delayedExecutor(
            200, java.util.concurrent.TimeUnit.MILLISECONDS, TestConfigs.BLOCKING))
        : CompletableFuture.completedFuture(new byte[0]));
    run(target);
    List<String> values = IntStream.range(0, 30).mapToObj(i -> "e" + i).toList();
    for (String v : values) {
      publish(v, "same");
    }
    await("30 events", 60, () -> target.received.size() >= 30);
    assertThat(target.received).containsExactlyElementsOf(values);
  }

  @Test
  void events_targetFailsTwice_isRetriedUntilHandled() throws Exception {
    RecordingTarget target = new RecordingTarget();
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    target.behave(v -> v.equals("flaky") && attempts.computeIfAbsent(v, x -> new AtomicInteger()).incrementAndGet() <= 2
        ? CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED, "not yet"))
        : CompletableFuture.completedFuture(new byte[0]));
    run(target);
    publish("flaky", "k");
    publish("next", "k");
    await("the retried event and the next one", 60, () -> target.received.contains("next"));
    assertThat(target.received).containsExactly("flaky", "flaky", "flaky", "next");
  }

  @Test
  void events_handledButNotAcknowledged_areDeliveredAgainAfterACrash() throws Exception {
    RecordingTarget stuck = new RecordingTarget();
    stuck.behave(v -> new CompletableFuture<>());
    InputBindings run = run(stuck);
    publish("crash-me", "k");
    await("the event at the stuck target", 60, () -> stuck.received.contains("crash-me"));
    run.abort(NAME);

    RecordingTarget healthy = new RecordingTarget();
    run(healthy);
    await("the event again after the crash", 60, () -> healthy.received.contains("crash-me"));
  }
}
