package io.capa.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.runtime.internal.invocation.GraphSettings;
import io.capa.runtime.metrics.MetricsRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The graph as an extension of a real actor system, and the validation of its settings. */
class InvocationGraphTest {

  private static Config config(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
  }

  @Test
  void get_sameSystem_returnsOneGraph() {
    ActorTestKit kit = ActorTestKit.create();
    try {
      assertThat(InvocationGraph.get(kit.system())).isSameAs(InvocationGraph.get(kit.system()));
      assertThat(InvocationGraph.get(kit.system()).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void submit_graphSaturated_refusesAtOnceFromTheEntryQueue() throws Exception {
    ActorTestKit kit = ActorTestKit.create(
        "saturated",
        config("capa.invocation { entry-buffer = 2, per-target-parallelism = 1, per-target-queue = 1, max-waiting = 1 }"));
    try {
      InvocationGraph graph = InvocationGraph.get(kit.system());
      MetricsRegistry registry = new MetricsRegistry();
      graph.bindMetrics(registry);
      CompletableFuture<String> never = new CompletableFuture<>();
      List<CompletionStage<String>> calls = new ArrayList<>();
      calls.add(graph.submit(Invocation.of(InvocationSource.RPC, "app/a", () -> never)));
      calls.add(graph.submit(Invocation.of(InvocationSource.RPC, "app/a", () -> never)));
      awaitStats(graph, s -> s.inFlight() == 1 && s.waiting() == 1);
      // The stage no longer pulls: the next calls fill the entry queue of 2, the one after is refused.
      calls.add(graph.submit(Invocation.of(InvocationSource.RPC, "app/b", () -> CompletableFuture.completedFuture("b"))));
      calls.add(graph.submit(Invocation.of(InvocationSource.RPC, "app/b", () -> CompletableFuture.completedFuture("b"))));
      long start = System.nanoTime();
      CompletionStage<String> refused =
          graph.submit(Invocation.of(InvocationSource.RPC, "app/b", () -> CompletableFuture.completedFuture("b")));

      assertThat(refused.toCompletableFuture().isCompletedExceptionally()).isTrue(); // synchronously
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
      assertThatThrownBy(() -> refused.toCompletableFuture().get())
          .cause()
          .isInstanceOfSatisfying(CapaException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.OVERLOADED);
            assertThat(e.getMessage()).contains("max-waiting = 1", "entry-buffer", "app/b");
          });
      assertThat(graph.stats().entryQueued()).isEqualTo(2);
      assertThat(registry.scrape())
          .contains("capa_invocations_rejected_total{source=\"rpc\",reason=\"entry_queue_full\"} 1")
          .contains("capa_invocations_waiting 1");

      never.complete("a"); // the target drains, and the queued calls go through
      for (CompletionStage<String> c : calls) {
        assertThat(c.toCompletableFuture().get(5, TimeUnit.SECONDS)).isIn("a", "b");
      }
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void submit_saturatedTarget_refusedOnTheCallersThreadWhileOthersPass() throws Exception {
    ActorTestKit kit = ActorTestKit.create(
        "door", config("capa.invocation { per-target-parallelism = 1, per-target-queue = 1 }"));
    try {
      InvocationGraph graph = InvocationGraph.get(kit.system());
      CompletableFuture<String> never = new CompletableFuture<>();
      graph.submit(Invocation.of(InvocationSource.WEBHOOK, "app/full", () -> never));
      graph.submit(Invocation.of(InvocationSource.WEBHOOK, "app/full", () -> never));
      awaitStats(graph, s -> s.inFlight() == 1 && s.waiting() == 1);

      CompletionStage<String> refused = graph.submit(Invocation.of(InvocationSource.WEBHOOK, "app/full", () -> never));
      assertThat(refused.toCompletableFuture().isCompletedExceptionally()).isTrue();
      assertThatThrownBy(() -> refused.toCompletableFuture().get())
          .cause()
          .isInstanceOfSatisfying(CapaException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.OVERLOADED);
            assertThat(e.getMessage()).contains("app/full", "per-target-parallelism = 1", "per-target-queue = 1");
          });
      assertThat(graph.submit(Invocation.of(InvocationSource.WEBHOOK, "app/other", () -> CompletableFuture.completedFuture("ok")))
              .toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo("ok");
      never.complete("done");
      awaitStats(graph, s -> s.inFlight() == 0 && s.waiting() == 0);
      assertThat(graph.submit(Invocation.of(InvocationSource.WEBHOOK, "app/full", () -> CompletableFuture.completedFuture("again")))
              .toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo("again");
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void submit_afterSystemTerminated_answersShuttingDown() {
    ActorTestKit kit = ActorTestKit.create();
    InvocationGraph graph = InvocationGraph.get(kit.system());
    kit.shutdownTestKit();

    CompletionStage<String> r = graph.submit(Invocation.of(InvocationSource.HTTP, "t", () -> CompletableFuture.completedFuture("x")));

    assertThatThrownBy(() -> r.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SHUTTING_DOWN));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "entry-buffer = 0                | capa.invocation.entry-buffer: must be between 1 and 1000000, got 0",
        "per-target-parallelism = -3     | capa.invocation.per-target-parallelism: must be between 1 and 1000000, got -3",
        "per-target-queue = abc          | capa.invocation.per-target-queue: expected a whole number",
        "max-waiting = 5000000           | capa.invocation.max-waiting: must be between 1 and 1000000, got 5000000",
        "max-wait = soon                 | capa.invocation.max-wait: expected a duration such as 500ms or 5s",
        "max-wait = 0s                   | capa.invocation.max-wait: must be a positive duration",
        "retry-after = [1, 2]            | capa.invocation.retry-after: expected a duration",
      })
  void settings_badValue_failsNamingTheKey(String setting, String expected) {
    Config bad = config("capa.invocation." + setting);

    assertThatThrownBy(() -> GraphSettings.from(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).startsWith("capa.invocation."))
        .hasMessageContaining(expected);
  }

  @Test
  void settings_missingKey_failsNamingTheKey() {
    Config missing = ConfigFactory.load().withoutPath("capa.invocation.max-wait");

    assertThatThrownBy(() -> GraphSettings.from(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("capa.invocation.max-wait");
  }

  @Test
  void get_badSettings_failsWithTheKeyAndTheSystemKeepsRunning() {
    ActorTestKit kit = ActorTestKit.create("bad", config("capa.invocation.per-target-queue = -1"));
    try {
      assertThatThrownBy(() -> InvocationGraph.get(kit.system()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("capa.invocation.per-target-queue");
      assertThat(kit.system().getWhenTerminated().toCompletableFuture().isDone()).isFalse();
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void invocation_badTarget_isRefused() {
    assertThatThrownBy(() -> Invocation.of(InvocationSource.HTTP, " ", () -> CompletableFuture.completedFuture(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target");
    assertThatThrownBy(() -> Invocation.of(InvocationSource.HTTP, "x".repeat(Invocation.MAX_TARGET_LENGTH + 1),
            () -> CompletableFuture.completedFuture(1)))
        .hasMessageContaining("more than " + Invocation.MAX_TARGET_LENGTH);
    assertThatThrownBy(() -> Invocation.of(InvocationSource.HTTP, "t", () -> CompletableFuture.completedFuture(1))
            .withTimeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }

  private static void awaitStats(InvocationGraph graph, java.util.function.Predicate<InvocationStats> p) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!p.test(graph.stats())) {
      if (System.nanoTime() > end) {
        throw new AssertionError("graph never reached the expected state: " + graph.stats());
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
