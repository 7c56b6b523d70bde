package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.StateOperation;
import io.capa.api.actors.TimerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The behaviour of actors in one running node, on the in-memory journal. */
class ActorRuntimeTest {
  static ActorRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime =
        ActorRuntime.builder()
            .register(TestActors.keeper().withOptions(ActorTypeOptions.defaults().withTurnTimeout(Duration.ofMillis(500))))
            .register(TestActors.ping(false))
            .register(TestActors.ping(true))
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", Files.createTempDirectory("capa-actors").toString())
            .setting("capa.actors.max-payload-bytes", 1024)
            .start();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String call(String type, String id, String method, String payload) {
    byte[] r =
        runtime.service().invoke(new ActorInvocation(new ActorId(type, id), method, json(payload))).toCompletableFuture().join();
    return new String(r, StandardCharsets.UTF_8);
  }

  static CapaException failure(Runnable r) {
    try {
      r.run();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(CapaException.class);
      return (CapaException) e.getCause();
    } catch (CapaException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void invoke_rawJson_returnsNewValue() {
    assertThat(call("Keeper", "raw", "add", "5")).isEqualTo("5");
    assertThat(call("Keeper", "raw", "add", "")).isEqualTo("6");
    assertThat(call("Keeper", "raw", "total", "")).isEqualTo("6");
  }

  @Test
  void proxy_typedCalls_roundTrip() {
    TestActors.KeeperApi k = runtime.client().proxy(TestActors.KeeperApi.class, new ActorId("Keeper", "typed"));
    assertThat(k.add(2L)).isEqualTo(2);
    assertThat(k.add(3L)).isEqualTo(5);
    assertThat(k.total()).isEqualTo(5);
  }

  @Test
  void invoke_unknownType_failsWithTypeNotFound() {
    CapaException e = failure(() -> call("Nope", "1", "add", ""));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.ACTOR_TYPE_NOT_FOUND);
    assertThat(e.getMessage()).contains("Nope");
  }

  @Test
  void invoke_unknownMethod_failsWithMethodNotFound() {
    CapaException e = failure(() -> call("Keeper", "1", "explode", ""));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_NOT_FOUND);
    assertThat(e.getMessage()).contains("explode");
  }

  @Test
  void invoke_malformedJson_failsWithMalformedJson() {
    CapaException e = failure(() -> call("Keeper", "bad-json", "add", "{not json"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(call("Keeper", "bad-json", "add", "1")).isEqualTo("1");
  }

  @Test
  void invoke_methodThrows_callerGetsTypeAndMessage() {
    CapaException e = failure(() -> call("Keeper", "thrower", "fail", "\"boom\""));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_FAILED);
    assertThat(e.remoteType()).contains(IllegalStateException.class.getName());
    assertThat(e.getMessage()).contains("boom");
  }

  @Test
  void invoke_turnThrowsAfterWriting_savesNothing() {
    assertThat(call("Keeper", "atomic", "add", "7")).isEqualTo("7");
    CapaException e = failure(() -> call("Keeper", "atomic", "writeThenFail", "100"));
    assertThat(e.getMessage()).contains("rejected 100");
    assertThat(call("Keeper", "atomic", "total", "")).isEqualTo("7");
  }

  @Test
  void invoke_payloadOverLimit_failsWithPayloadTooLarge() {
    String big = "\"" + "x".repeat(2000) + "\"";
    CapaException e = failure(() -> call("Keeper", "big", "blob", big));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void invoke_concurrentAsyncCalls_runOneTurnAtATime() {
    ActorId id = new ActorId("Keeper", "turns");
    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(runtime.service().invoke(new ActorInvocation(id, "slowAdd", json("1"))).toCompletableFuture());
    }
    List<Long> results = new ArrayList<>();
    calls.forEach(c -> results.add(Long.parseLong(new String(c.join(), StandardCharsets.UTF_8))));
    assertThat(results).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(TestActors.Keeper.MAX_OVERLAP.get()).isEqualTo(1);
  }

  @Test
  void invoke_turnNeverCompletes_failsWithDeadlineAndActorKeepsServing() {
    CapaException e = failure(() -> call("Keeper", "stuck", "never", ""));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(call("Keeper", "stuck", "add", "1")).isEqualTo("1");
    assertThat(call("Keeper", "stuck", "keys", "")).isEqualTo("[\"total\"]");
  }

  @Test
  void invoke_callerDeadline_failsWithDeadlineExceeded() {
    ActorId id = new ActorId("Keeper", "short-deadline");
    CapaException e =
        failure(
            () ->
                runtime.service()
                    .invoke(new ActorInvocation(id, "never", new byte[0], Duration.ofMillis(100)))
                    .toCompletableFuture()
                    .join());
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
  }

  @Test
  void invoke_callBackWithoutReentrancy_failsClearlyInsteadOfDeadlocking() {
    CapaException e = failure(() -> call("Ping", "a", "ping", "\"b\""));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.REENTRANCY_REJECTED);
    assertThat(e.getMessage()).contains("Ping/a");
  }

  @Test
  void invoke_callBackWithReentrancy_completesWithinTheChain() {
    assertThat(call("ReentrantPing", "a", "ping", "\"b\"")).isEqualTo("\"echo from b\"");
    assertThat(runtime.service().getState(new ActorId("ReentrantPing", "a"), "echoed").toCompletableFuture().join())
        .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("\"from b\""));
  }

  @Test
  void invoke_reentrancyPastMaxDepth_failsWithDepthExceeded() {
    assertThat(call("ReentrantPing", "deep", "recurse", "3")).isEqualTo("3");
    CapaException e = failure(() -> call("ReentrantPing", "deeper", "recurse", "10"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.REENTRANCY_DEPTH_EXCEEDED);
  }

  @Test
  void transactState_appliesAllOperationsInOneTurn() {
    ActorId id = new ActorId("Keeper", "tx");
    runtime.service()
        .transactState(id, List.of(new StateOperation.Upsert("a", json("1")), new StateOperation.Upsert("b", json("2"))))
        .toCompletableFuture()
        .join();
    runtime.service().transactState(id, List.of(new StateOperation.Delete("a"))).toCompletableFuture().join();
    assertThat(call("Keeper", "tx", "keys", "")).isEqualTo("[\"b\"]");
    assertThat(runtime.service().getState(id, "a").toCompletableFuture().join()).isEmpty();
  }

  @Test
  void timer_firesCallbackPeriodically_untilCancelled() throws Exception {
    ActorId id = new ActorId("Keeper", "timed");
    runtime.service()
        .registerTimer(id, new TimerSpec("t", "add", json("1"), "0s", "100ms", ""))
        .toCompletableFuture()
        .join();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Long.parseLong(call("Keeper", "timed", "total", "")) < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Long.parseLong(call("Keeper", "timed", "total", ""))).isGreaterThanOrEqualTo(3);
    assertThat(runtime.service().unregisterTimer(id, "t").toCompletableFuture().join()).isTrue();
    long after = Long.parseLong(call("Keeper", "timed", "total", ""));
    Thread.sleep(400);
    assertThat(Long.parseLong(call("Keeper", "timed", "total", ""))).isEqualTo(after);
  }

  @Test
  void timer_invalidSchedule_failsWithInvalidSchedule() {
    CapaException e =
        failure(
            () ->
                runtime.service()
                    .registerTimer(new ActorId("Keeper", "t2"), new TimerSpec("t", "add", null, "soon", "", ""))
                    .toCompletableFuture()
                    .join());
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_SCHEDULE);
    assertThat(e.getMessage()).contains("soon");
  }

  @Test
  void actorTypes_reportsActiveCounts() {
    call("Keeper", "counted", "add", "1");
    var types = runtime.service().actorTypes().toCompletableFuture().join();
    assertThat(types).anySatisfy(t -> {
      assertThat(t.type()).isEqualTo("Keeper");
      assertThat(t.activeCount()).isPositive();
    });
  }

  @Test
  void metrics_countInvocationsPerType() {
    call("Keeper", "metered", "add", "1");
    assertThat(runtime.metrics().scrape())
        .contains("capa_actor_invocations_total{actor_type=\"Keeper\",method=\"add\"}")
        .contains("capa_actors_active{actor_type=\"Keeper\"}");
  }

  @Test
  void start_duplicateType_isRejected() {
    assertThatThrownBy(
            () ->
                ActorRuntime.builder()
                    .register(TestActors.keeper())
                    .register(TestActors.keeper())
                    .setting("capa.persistence.backend", "inmem")
                    .setting("capa.cluster.port", 0)
                    .start())
        .hasMessageContaining("registered twice");
  }
}
