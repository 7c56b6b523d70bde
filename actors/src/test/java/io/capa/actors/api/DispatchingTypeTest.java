package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorTypeInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.TimerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Actor types whose turns an {@link ActorTurnHandler} runs, as the sidecar does for actors hosted by
 * applications in other processes. The handler here stands for such an application: it does its work
 * on a pool of its own and reaches the actor only through the {@link TurnScope}.
 */
class DispatchingTypeTest {
  static final Duration TURN_TIMEOUT = Duration.ofMillis(300);
  static final int METHOD_LABELS = 5;

  /** The application's threads; never the actor's. */
  static final ExecutorService APP =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "remote-app");
            t.setDaemon(true);
            return t;
          });

  static ActorRuntime runtime;

  /** Events the handlers observed, per actor id. */
  static final ConcurrentHashMap<String, List<String>> EVENTS = new ConcurrentHashMap<>();
  /** Stages the handlers returned for calls that never complete, per actor id. */
  static final ConcurrentHashMap<String, CompletableFuture<byte[]>> HANGING = new ConcurrentHashMap<>();
  /** Stages of scope actions pending when a turn ran out of time, per actor id. */
  static final ConcurrentHashMap<String, CompletionStage<Object>> PENDING_ACTIONS = new ConcurrentHashMap<>();
  /** Scopes the handlers kept past the end of their turns, per actor id. */
  static final ConcurrentHashMap<String, TurnScope> KEPT = new ConcurrentHashMap<>();

  static void record(ActorId id, String event) {
    EVENTS.computeIfAbsent(id.id(), k -> new CopyOnWriteArrayList<>()).add(event);
  }

  static long count(String id, String event) {
    return EVENTS.getOrDefault(id, List.of()).stream().filter(event::equals).count();
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static long total(ActorContext ctx) {
    return ctx.state().getRaw("total").map(b -> Long.parseLong(text(b))).orElse(0L);
  }

  /** An application's actor: "add" and "total" over a raw counter, plus misbehaving methods. */
  static final class AppHandler implements ActorTurnHandler {
    final String tag;

    AppHandler(String tag) {
      this.tag = tag;
    }

    @Override
    public CompletionStage<byte[]> invoke(TurnScope turn, String method, byte[] payload) {
      record(turn.id(), "invoke:" + method + ":" + text(payload));
      return switch (method) {
        case "add" ->
            // Write in one action and read back in another, both from the application's thread: the
            // second sees the first's write because both belong to the same turn.
            CompletableFuture.supplyAsync(() -> Long.parseLong(text(payload)), APP)
                .thenComposeAsync(
                    by ->
                        turn.run(
                            ctx -> {
                              record(turn.id(), "thread:" + Thread.currentThread().getName());
                              ctx.state().setRaw("total", bytes(Long.toString(total(ctx) + by)));
                              return null;
                            }),
                    APP)
                .thenComposeAsync(v -> turn.run(ctx -> bytes(tag + total(ctx))), APP);
        case "total" -> turn.run(ctx -> bytes(tag + total(ctx)));
        case "failAfterWrite" ->
            turn.run(
                    ctx -> {
                      ctx.state().setRaw("total", bytes("999"));
                      return null;
                    })
                .thenApplyAsync(
                    v -> {
                      throw new IllegalStateException("the application refused: " + text(payload));
                    },
                    APP);
        case "hang" -> {
          CompletableFuture<byte[]> never = new CompletableFuture<>();
          HANGING.put(turn.id().id(), never);
          PENDING_ACTIONS.put(turn.id().id(), turn.runAsync(ctx -> new CompletableFuture<>()));
          turn.run(
              ctx -> {
                ctx.state().setRaw("total", bytes("-1"));
                return null;
              });
          yield never;
        }
        case "keepScope" -> {
          KEPT.put(turn.id().id(), turn);
          yield turn.run(ctx -> bytes("kept"));
        }
        case "startTimer" ->
            turn.run(
                ctx -> {
                  ctx.timers().start(new TimerSpec("t", "onTick", payload, "0s", "", ""));
                  return new byte[0];
                });
        case "onTick" ->
            turn.run(
                ctx -> {
                  ctx.state().setRaw("ticked", payload);
                  return new byte[0];
                });
        case "ticked" -> turn.run(ctx -> ctx.state().getRaw("ticked").orElse(bytes("none")));
        case "reminded" -> turn.run(ctx -> ctx.state().getRaw("reminded").orElse(bytes("none")));
        case "nullStage" -> null;
        case "throwInAction" -> turn.run(ctx -> {
          throw new IllegalArgumentException("bad action");
        });
        default ->
            CompletableFuture.failedFuture(
                new CapaException(ErrorCode.ACTOR_METHOD_NOT_FOUND, "the application has no method '" + method + "'"));
      };
    }

    @Override
    public CompletionStage<Void> reminder(TurnScope turn, String name, byte[] data) {
      record(turn.id(), "reminder:" + name + ":" + text(data));
      return CompletableFuture.supplyAsync(() -> data, APP)
          .thenComposeAsync(
              d ->
                  turn.run(
                      ctx -> {
                        ctx.state().setRaw("reminded", d);
                        return null;
                      }),
              APP);
    }

    @Override
    public void activated(ActorId id) {
      record(id, "activated");
    }

    @Override
    public void deactivated(ActorId id) {
      record(id, "deactivated");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    runtime =
        ActorRuntime.builder()
            .register(
                ActorType.dispatching("App", new AppHandler(""))
                    .withOptions(
                        ActorTypeOptions.defaults().withTurnTimeout(TURN_TIMEOUT).withIdleTimeout(Duration.ofMillis(500))))
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", Files.createTempDirectory("capa-dispatching").toString())
            .setting("capa.actors.max-method-labels", METHOD_LABELS)
            .setting("capa.actors.reminders.partitions", 4)
            .start();
  }

  @AfterAll
  static void stop() {
    runtime.close();
    APP.shutdownNow();
  }

  static String call(String type, String id, String method, String payload) {
    return text(
        runtime.service()
            .invoke(new ActorInvocation(new ActorId(type, id), method, bytes(payload)))
            .toCompletableFuture()
            .join());
  }

  static CapaException failure(Runnable r) {
    try {
      r.run();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(CapaException.class);
      return (CapaException) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  @Test
  void invoke_handlerUsesScopeFromItsOwnThreads_returnsResultAndStateSurvivesPassivation() throws Exception {
    assertThat(call("App", "p1", "add", "5")).isEqualTo("5");
    assertThat(call("App", "p1", "add", "3")).isEqualTo("8");
    // The handler asked from its own pool; the actions ran elsewhere, on the actor's thread.
    assertThat(EVENTS.get("p1")).filteredOn(e -> e.startsWith("thread:")).isNotEmpty().noneMatch(e -> e.contains("remote-app"));
    await(() -> count("p1", "deactivated") >= 1, "passivated after the idle timeout");
    assertThat(call("App", "p1", "total", "")).isEqualTo("8");
    assertThat(count("p1", "activated")).isEqualTo(2);
  }

  @Test
  void invoke_handlerStageFails_answersMethodFailedWithTheMessageAndSavesNothing() {
    call("App", "f1", "add", "7");
    CapaException e = failure(() -> call("App", "f1", "failAfterWrite", "no way"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_FAILED);
    assertThat(e.getMessage()).contains("the application refused: no way");
    assertThat(call("App", "f1", "total", "")).isEqualTo("7");
    assertThat(runtime.service().getState(new ActorId("App", "f1"), "total").toCompletableFuture().join())
        .hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("7"));
  }

  @Test
  void invoke_handlerNeverCompletes_answersDeadlineExceededCancelsItsStageAndServesTheNextCall() {
    call("App", "h1", "add", "2");
    long start = System.nanoTime();
    CapaException e = failure(() -> call("App", "h1", "hang", ""));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(TURN_TIMEOUT.toMillis() - 50).isLessThan(TURN_TIMEOUT.toMillis() + 1500);
    assertThat(HANGING.get("h1")).isCancelled();
    // An action still pending when the turn ended fails rather than waiting forever.
    assertThatThrownBy(() -> PENDING_ACTIONS.get("h1").toCompletableFuture().get(2, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CapaException.class)
        .hasMessageContaining("has ended");
    // The write made before the timeout was dropped; the actor answers the next call.
    assertThat(call("App", "h1", "total", "")).isEqualTo("2");
  }

  @Test
  void turnScope_usedAfterItsTurnEnded_failsWithInvalidRequestNamingTheTurn() throws Exception {
    assertThat(call("App", "k1", "keepScope", "")).isEqualTo("kept");
    TurnScope kept = KEPT.get("k1");
    assertThat(kept.id()).isEqualTo(new ActorId("App", "k1"));
    for (CompletionStage<?> late :
        List.of(
            kept.run(ctx -> ctx.state().keys()),
            kept.runAsync(ctx -> CompletableFuture.completedFuture("x")),
            CompletableFuture.supplyAsync(() -> kept.run(ctx -> 1), APP).thenCompose(s -> s))) {
      assertThatThrownBy(() -> late.toCompletableFuture().get(2, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(CapaException.class)
          .hasMessageContaining("turn 'keepScope' of actor App/k1 has ended")
          .satisfies(c -> assertThat(((CapaException) c).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
    assertThat(call("App", "k1", "add", "1")).isEqualTo("1");
  }

  @Test
  void timerAndReminder_firings_reachTheHandlerAsTurns() throws Exception {
    ActorId id = new ActorId("App", "t1");
    call("App", "t1", "startTimer", "tick-data");
    await(() -> count("t1", "invoke:onTick:tick-data") >= 1, "the timer callback reached the handler");
    assertThat(call("App", "t1", "ticked", "")).isEqualTo("tick-data");

    runtime.service()
        .registerReminder(id, new ReminderSpec("wake", bytes("remind-data"), "0s", "", "", null))
        .toCompletableFuture()
        .join();
    await(() -> count("t1", "reminder:wake:remind-data") >= 1, "the reminder reached the handler");
    await(() -> call("App", "t1", "reminded", "").equals("remind-data"), "the reminder turn's write was saved");
  }

  @Test
  void addType_afterStart_servesCallsAndIsListed() {
    ActorType<?> late = ActorType.dispatching("LateApp", new AppHandler("late:"));
    assertThat(runtime.addType(late)).isTrue();
    assertThat(call("LateApp", "l1", "add", "4")).isEqualTo("late:4");
    assertThat(runtime.actorTypes()).contains("App", "LateApp");
    assertThat(runtime.service().actorTypes().toCompletableFuture().join())
        .extracting(ActorTypeInfo::type)
        .contains("App", "LateApp");
    assertThat(runtime.service().listReminders("LateApp").toCompletableFuture().join()).isEmpty();
  }

  @Test
  void addType_nameTakenAlready_returnsFalseAndKeepsTheFirst() {
    assertThat(runtime.addType(ActorType.dispatching("App", new AppHandler("other:")))).isFalse();
    assertThat(runtime.addType(ActorType.dispatching("TwiceApp", new AppHandler("first:")))).isTrue();
    assertThat(runtime.addType(ActorType.dispatching("TwiceApp", new AppHandler("second:")))).isFalse();
    assertThat(call("TwiceApp", "x", "total", "")).isEqualTo("first:0");
    assertThat(call("App", "x", "total", "")).isEqualTo("0");
    assertThat(runtime.actorTypes()).filteredOn("TwiceApp"::equals).hasSize(1);
  }

  @Test
  void dispatching_invalidArguments_areRefusedByName() {
    assertThatThrownBy(() -> ActorType.dispatching("App", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
    assertThatThrownBy(() -> ActorType.dispatching("a/b", new AppHandler(""))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
    assertThatThrownBy(() -> ActorType.dispatching(" ", new AppHandler(""))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor type name");
    assertThatThrownBy(() -> runtime.addType(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("type");
  }

  @Test
  void invoke_garbageFromTheHandlerOrCaller_failsClearlyAndTheActorKeepsServing() {
    call("App", "g1", "add", "10");
    CapaException noStage = failure(() -> call("App", "g1", "nullStage", ""));
    assertThat(noStage.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_FAILED);
    assertThat(noStage.getMessage()).contains("the turn handler returned no stage");

    CapaException thrown = failure(() -> call("App", "g1", "throwInAction", ""));
    assertThat(thrown.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_FAILED);
    assertThat(thrown.getMessage()).contains("IllegalArgumentException: bad action");

    CapaException badPayload = failure(() -> call("App", "g1", "add", "\u0000not a number"));
    assertThat(badPayload.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_FAILED);
    assertThat(badPayload.getMessage()).contains("NumberFormatException");

    // Method names are the handler's to judge; many distinct ones keep the metric's labels bounded.
    for (int i = 0; i < 3 * METHOD_LABELS; i++) {
      int n = i;
      CapaException unknown = failure(() -> call("App", "g1", "junk-" + n, "{"));
      assertThat(unknown.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_NOT_FOUND);
      assertThat(unknown.getMessage()).contains("junk-" + n);
    }
    Matcher labels = Pattern.compile("capa_actor_invocations_total\\{actor_type=\"App\",method=\"[^\"]*\"\\}").matcher(runtime.metrics().scrape());
    int distinct = 0;
    while (labels.find()) {
      distinct++;
    }
    assertThat(distinct).isBetween(1, METHOD_LABELS + 2);
    assertThat(runtime.metrics().scrape()).contains("method=\"_other\"");

    assertThat(call("App", "g1", "add", "1")).isEqualTo("11");
  }

  @Test
  void turnScope_nullAction_isRefusedAndTheTurnGoesOn() {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    ActorTurnHandler h =
        new ActorTurnHandler() {
          @Override
          public CompletionStage<byte[]> invoke(TurnScope turn, String method, byte[] payload) {
            try {
              turn.run(null);
            } catch (NullPointerException e) {
              seen.set(e);
            }
            return turn.run(ctx -> bytes("ran " + runs.incrementAndGet()));
          }

          @Override
          public CompletionStage<Void> reminder(TurnScope turn, String name, byte[] data) {
            return CompletableFuture.completedFuture(null);
          }
        };
    assertThat(runtime.addType(ActorType.dispatching("NullActionApp", h))).isTrue();
    assertThat(call("NullActionApp", "n1", "any", "")).isEqualTo("ran 1");
    assertThat(seen.get()).hasMessageContaining("action");
  }
}
