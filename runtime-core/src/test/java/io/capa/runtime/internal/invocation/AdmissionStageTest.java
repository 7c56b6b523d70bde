package io.capa.runtime.internal.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission stage alone, fed by a test publisher, with dispatches the test completes by hand. */
class AdmissionStageTest {
  private static ActorTestKit kit;
  private static Materializer mat;
  private static ExecutorService executor;

  /** Dispatches made, in order, with the promise the test completes to end each one. */
  private final List<Dispatched> dispatched = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();
  private GraphMetrics metrics;
  private final java.util.Set<String> saturated = ConcurrentHashMap.newKeySet();

  private record Dispatched(String target, int n, CompletableFuture<String> result) {}

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create();
    mat = Materializer.createMaterializer(kit.system());
    executor = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
    kit.shutdownTestKit();
  }

  @BeforeEach
  void reset() {
    metrics = new GraphMetrics();
  }

  private TestPublisher.Probe<Admission<?>> stage(int parallelism, int queue, int maxWaiting, Duration maxWait) {
    return stage(executor, parallelism, queue, maxWaiting, maxWait);
  }

  private TestPublisher.Probe<Admission<?>> stage(
      java.util.concurrent.Executor on, int parallelism, int queue, int maxWaiting, Duration maxWait) {
    GraphSettings s = new GraphSettings(16, parallelism, queue, maxWaiting, maxWait, Duration.ofSeconds(1));
    return TestSource.<Admission<?>>probe(kit.system().classicSystem())
        .toMat(
            Sink.fromGraph(new AdmissionStage(s, on, metrics, saturated)).withAttributes(Attributes.inputBuffer(1, 1)),
            Keep.left())
        .run(mat);
  }

  /** A call whose dispatch records itself and completes when the test says so. */
  private Admission<String> call(String target, int n, Instant deadline) {
    Invocation<String> inv =
        new Invocation<>(
            InvocationSource.INTERNAL,
            target,
            deadline,
            () -> {
              CompletableFuture<String> r = new CompletableFuture<>();
              running.merge(target, 1, Integer::sum);
              dispatched.add(new Dispatched(target, n, r));
              return r.whenComplete((v, e) -> running.merge(target, -1, Integer::sum));
            });
    return new Admission<>(inv, System.nanoTime());
  }

  private Admission<String> call(String target, int n) {
    return call(target, n, null);
  }

  private Dispatched dispatchOf(String target, int n) {
    await(() -> dispatched.stream().anyMatch(d -> d.target.equals(target) && d.n == n), target + " #" + n + " dispatched");
    return dispatched.stream().filter(d -> d.target.equals(target) && d.n == n).findFirst().orElseThrow();
  }

  @Test
  void admit_freeSlot_dispatchesAndPassesTheAnswer() throws Exception {
    TestPublisher.Probe<Admission<?>> in = stage(2, 4, 100, Duration.ofSeconds(5));
    Admission<String> a = call("actor/T/1", 1);
    in.sendNext(a);

    dispatchOf("actor/T/1", 1).result.complete("done");

    assertThat(a.promise().get(5, TimeUnit.SECONDS)).isEqualTo("done");
    await(() -> metrics.inFlight() == 0 && metrics.targets() == 0, "target forgotten once idle");
  }

  @Test
  void admit_targetBusy_waitsAndRunsInArrivalOrder() throws Exception {
    TestPublisher.Probe<Admission<?>> in = stage(1, 4, 100, Duration.ofSeconds(5));
    Admission<String> first = call("t", 1);
    Admission<String> second = call("t", 2);
    Admission<String> third = call("t", 3);
    in.sendNext(first).sendNext(second).sendNext(third);
    await(() -> metrics.waiting() == 2, "two waiting");
    // The first dispatch runs on the executor, so it may start a moment after the stage counted
    // the other two as waiting.
    Dispatched one = dispatchOf("t", 1);
    assertThat(dispatched).hasSize(1);

    one.result.complete("1");
    dispatchOf("t", 2).result.complete("2");
    dispatchOf("t", 3).result.complete("3");

    assertThat(third.promise().get(5, TimeUnit.SECONDS)).isEqualTo("3");
    assertThat(dispatched).extracting(Dispatched::n).containsExactly(1, 2, 3);
    assertThat(running.get("t")).isZero(); // never more than the parallelism of 1 at once
  }

  @Test
  void admit_sameTargetManyThreads_startsDispatchesInArrivalOrder() throws Exception {
    // Many pool threads and free slots: each dispatch could start on another thread at once, yet
    // calls admitted in order must reach their target in order (E-order on one reference).
    ExecutorService wide = Executors.newFixedThreadPool(8);
    try {
      TestPublisher.Probe<Admission<?>> in = stage(wide, 8, 2000, 4000, Duration.ofSeconds(30));
      List<Integer> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      List<Admission<String>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        int n = i;
        Invocation<String> inv =
            Invocation.of(InvocationSource.INTERNAL, "actor/Ordered/1", () -> {
              order.add(n);
              return CompletableFuture.completedFuture("ok");
            });
        Admission<String> a = new Admission<>(inv, System.nanoTime());
        calls.add(a);
        in.sendNext(a);
      }
      for (Admission<String> a : calls) {
        a.promise().get(10, TimeUnit.SECONDS);
      }
      List<Integer> expected = java.util.stream.IntStream.range(0, 2000).boxed().toList();
      assertThat(order).isEqualTo(expected);
    } finally {
      wide.shutdownNow();
    }
  }

  @Test
  void admit_targetQueueFull_answersOverloadedNamingTargetAndNumbers() {
    TestPublisher.Probe<Admission<?>> in = stage(2, 1, 100, Duration.ofSeconds(5));
    in.sendNext(call("actor/Slow/s", 1)).sendNext(call("actor/Slow/s", 2)).sendNext(call("actor/Slow/s", 3));
    Admission<String> excess = call("actor/Slow/s", 4);
    in.sendNext(excess);

    assertThatThrownBy(() -> excess.promise().get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.OVERLOADED);
          assertThat(e.getMessage())
              .contains("actor/Slow/s", "2 calls in flight", "per-target-parallelism = 2", "1 waiting", "per-target-queue = 1");
        });
    assertThat(metrics.rejected()).isEqualTo(1);
    assertThat(saturated).containsExactly("actor/Slow/s");

    dispatchOf("actor/Slow/s", 1).result.complete("freed"); // a waiter moves up: room in the queue again
    await(saturated::isEmpty, "target no longer published as saturated");
  }

  @Test
  void admit_slowTarget_doesNotDelayOtherTargets() throws Exception {
    TestPublisher.Probe<Admission<?>> in = stage(1, 2, 100, Duration.ofSeconds(5));
    for (int i = 1; i <= 5; i++) {
      in.sendNext(call("slow", i)); // 1 in flight, 2 waiting, 2 refused; none ever completes
    }
    Admission<String> fast = call("fast", 1);
    in.sendNext(fast);

    dispatchOf("fast", 1).result.complete("quick");

    assertThat(fast.promise().get(5, TimeUnit.SECONDS)).isEqualTo("quick");
    assertThat(metrics.waiting()).isEqualTo(2);
  }

  @Test
  void waiting_pastMaxWait_answersOverloaded() {
    TestPublisher.Probe<Admission<?>> in = stage(1, 4, 100, Duration.ofMillis(150));
    in.sendNext(call("t", 1));
    Admission<String> waiter = call("t", 2);
    in.sendNext(waiter);

    long start = System.nanoTime();
    assertThatThrownBy(() -> waiter.promise().get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.OVERLOADED);
          assertThat(e.getMessage()).contains("target t", "max-wait = 150 ms", "1 calls in flight");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    await(() -> metrics.waiting() == 0, "expired call no longer counted");
  }

  @Test
  void waiting_pastOwnDeadline_answersDeadlineExceeded() {
    TestPublisher.Probe<Admission<?>> in = stage(1, 4, 100, Duration.ofSeconds(30));
    in.sendNext(call("t", 1));
    Admission<String> waiter = call("t", 2, Instant.now().plusMillis(100));
    in.sendNext(waiter);

    assertThatThrownBy(() -> waiter.promise().get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
          assertThat(e.getMessage()).contains("call to t");
        });
  }

  @Test
  void admit_deadlineAlreadyPassed_answersDeadlineExceededWithoutDispatch() {
    TestPublisher.Probe<Admission<?>> in = stage(1, 4, 100, Duration.ofSeconds(5));
    Admission<String> late = call("t", 1, Instant.now().minusMillis(1));
    in.sendNext(late);

    assertThatThrownBy(() -> late.promise().get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
    assertThat(dispatched).isEmpty();
  }

  @Test
  void globalBound_reached_stopsPullingUntilAWaiterLeaves() throws Exception {
    TestPublisher.Probe<Admission<?>> in = stage(1, 10, 2, Duration.ofSeconds(5));
    in.sendNext(call("a", 1)).sendNext(call("a", 2)).sendNext(call("a", 3));
    await(() -> metrics.waiting() == 2, "two waiting: the global bound");
    Admission<String> other = call("b", 1);
    in.sendNext(other); // accepted by the input boundary, but the stage does not pull it

    Thread.sleep(200);
    assertThat(dispatched).extracting(Dispatched::target).containsExactly("a");

    dispatchOf("a", 1).result.complete("a1"); // a waiter moves on, so the stage pulls again
    dispatchOf("b", 1).result.complete("b1");
    assertThat(other.promise().get(5, TimeUnit.SECONDS)).isEqualTo("b1");
  }

  @Test
  void dispatch_throwsOrReturnsNull_failsCallerAndFreesTheSlot() throws Exception {
    TestPublisher.Probe<Admission<?>> in = stage(1, 4, 100, Duration.ofSeconds(5));
    Admission<String> throwing =
        new Admission<>(Invocation.<String>of(InvocationSource.HTTP, "t", () -> {
          throw new IllegalStateException("bug in dispatch");
        }), System.nanoTime());
    Admission<String> nulling = new Admission<>(Invocation.<String>of(InvocationSource.HTTP, "t", () -> null), System.nanoTime());
    Admission<String> fine = call("t", 1);
    in.sendNext(throwing).sendNext(nulling).sendNext(fine);

    assertThatThrownBy(() -> throwing.promise().get(5, TimeUnit.SECONDS)).hasRootCauseMessage("bug in dispatch");
    assertThatThrownBy(() -> nulling.promise().get(5, TimeUnit.SECONDS)).hasMessageContaining("returned null");
    dispatchOf("t", 1).result.complete("ok");
    assertThat(fine.promise().get(5, TimeUnit.SECONDS)).isEqualTo("ok");
  }

  @Test
  void upstreamFinish_refusesWaitersAndLetsInFlightCallsFinish() throws Exception {
    TestPublisher.Probe<Admission<?>> in = stage(1, 4, 100, Duration.ofSeconds(5));
    Admission<String> running1 = call("t", 1);
    Admission<String> waiter = call("t", 2);
    in.sendNext(running1).sendNext(waiter);
    await(() -> metrics.waiting() == 1, "one waiting");

    in.sendComplete();

    assertThatThrownBy(() -> waiter.promise().get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    dispatchOf("t", 1).result.complete("finished");
    assertThat(running1.promise().get(5, TimeUnit.SECONDS)).isEqualTo("finished");
  }

  @Test
  void metrics_countRejectionsBySourceAndReason() throws ExecutionException, InterruptedException {
    io.capa.runtime.metrics.MetricsRegistry registry = new io.capa.runtime.metrics.MetricsRegistry();
    metrics.bind(registry);
    TestPublisher.Probe<Admission<?>> in = stage(1, 0, 100, Duration.ofSeconds(5));
    in.sendNext(call("t", 1));
    Admission<String> refused = call("t", 2);
    in.sendNext(refused);
    CompletionStage<String> s = refused.promise();
    assertThatThrownBy(() -> s.toCompletableFuture().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CapaException.class);

    assertThat(registry.scrape())
        .contains("capa_invocations_rejected_total{source=\"internal\",reason=\"target_queue_full\"} 1")
        .contains("capa_invocations_in_flight 1");
  }

  static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
