package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Durable reminders on the embedded H2 store, including across a restart of the node. */
class ReminderTest {
  /** Fails its first {@code failuresLeft} reminder firings, per actor id. */
  public interface FlakyApi {
    long fired();
  }

  public static final class Flaky extends Actor implements FlakyApi {
    static final ConcurrentHashMap<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();

    @Override
    public long fired() {
      return state().get("fired", Long.class).orElse(0L);
    }

    @Override
    protected void onReminder(String name, byte[] data) {
      AtomicInteger left = FAILURES_LEFT.get(context().id().id());
      if (left != null && left.getAndDecrement() > 0) {
        throw new IllegalStateException("not yet");
      }
      state().set("fired", fired() + 1);
    }
  }

  Path dataDir;
  ActorRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    dataDir = Files.createTempDirectory("capa-reminders");
    runtime = startNode();
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  ActorRuntime startNode() {
    return ActorRuntime.builder()
        .register(TestActors.keeper())
        .register(ActorType.of("Flaky", Flaky.class, Flaky::new))
        .setting("capa.persistence.backend", "h2")
        .setting("capa.data-dir", dataDir.toString())
        .setting("capa.cluster.port", 0)
        .setting("capa.actors.reminders.partitions", 4)
        .setting("capa.actors.reminders.checkpoint-interval", "200ms")
        .start();
  }

  long total(String id) {
    byte[] r =
        runtime.service()
            .invoke(new ActorInvocation(new ActorId("Keeper", id), "total", new byte[0]))
            .toCompletableFuture()
            .join();
    return Long.parseLong(new String(r, StandardCharsets.UTF_8));
  }

  static void await(LongSupplier value, long atLeast, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (value.getAsLong() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(value.getAsLong()).isGreaterThanOrEqualTo(atLeast);
  }

  void register(ActorId id, ReminderSpec spec) {
    runtime.service().registerReminder(id, spec).toCompletableFuture().join();
  }

  @Test
  void register_withRepetitions_firesExactlyThatManyTimes() throws Exception {
    register(new ActorId("Keeper", "r3"), ReminderSpec.of("three", "0s", "R3/PT0.2S"));
    await(() -> total("r3"), 3, Duration.ofSeconds(10));
    Thread.sleep(800);
    assertThat(total("r3")).isEqualTo(3);
    assertThat(runtime.service().getReminder(new ActorId("Keeper", "r3"), "three").toCompletableFuture().join())
        .as("a finished reminder is removed")
        .isEmpty();
  }

  @Test
  void list_byActorAndByType_returnsRegisteredReminders() {
    register(new ActorId("Keeper", "l1"), ReminderSpec.of("a", "1h", "1h"));
    register(new ActorId("Keeper", "l1"), ReminderSpec.of("b", "1h", ""));
    register(new ActorId("Keeper", "l2"), ReminderSpec.of("c", "PT1H", "@every 1h"));
    List<ReminderInfo> mine = runtime.service().listReminders(new ActorId("Keeper", "l1")).toCompletableFuture().join();
    assertThat(mine).extracting(ReminderInfo::name).containsExactlyInAnyOrder("a", "b");
    List<ReminderInfo> all = runtime.service().listReminders("Keeper").toCompletableFuture().join();
    assertThat(all).extracting(ReminderInfo::name).contains("a", "b", "c");
    ReminderInfo c = runtime.service().getReminder(new ActorId("Keeper", "l2"), "c").toCompletableFuture().join().orElseThrow();
    assertThat(c.spec().period()).isEqualTo("@every 1h");
    assertThat(c.nextFire()).isPresent();
    assertThat(runtime.metrics().scrape()).contains("capa_reminders_registered 3\n");
    assertThat(runtime.service().unregisterReminder(new ActorId("Keeper", "l1"), "a").toCompletableFuture().join()).isTrue();
    assertThat(runtime.metrics().scrape()).contains("capa_reminders_registered 2\n");
    assertThat(runtime.service().unregisterReminder(new ActorId("Keeper", "l1"), "a").toCompletableFuture().join()).isFalse();
  }

  @Test
  void register_invalidSchedule_failsNamingTheField() {
    for (ReminderSpec bad :
        List.of(ReminderSpec.of("x", "soon", ""), ReminderSpec.of("x", "", "*/0 * * *"), ReminderSpec.of("x", "1s", "-5s"))) {
      try {
        register(new ActorId("Keeper", "bad"), bad);
        throw new AssertionError("accepted " + bad);
      } catch (CompletionException e) {
        CapaException ce = (CapaException) e.getCause();
        assertThat(ce.errorCode()).isEqualTo(ErrorCode.INVALID_SCHEDULE);
      }
    }
  }

  @Test
  void register_unknownActorType_failsWithTypeNotFound() {
    try {
      register(new ActorId("Ghost", "1"), ReminderSpec.of("x", "1s", ""));
      throw new AssertionError("accepted");
    } catch (CompletionException e) {
      assertThat(((CapaException) e.getCause()).errorCode()).isEqualTo(ErrorCode.ACTOR_TYPE_NOT_FOUND);
    }
  }

  @Test
  void fire_failingCallbackWithRetryPolicy_isRetried() throws Exception {
    Flaky.FAILURES_LEFT.put("f1", new AtomicInteger(2));
    register(
        new ActorId("Flaky", "f1"),
        new ReminderSpec("once", null, "0s", "", "", FailurePolicy.retry(3, Duration.ofMillis(100))));
    FlakyApi f = runtime.client().proxy(FlakyApi.class, new ActorId("Flaky", "f1"));
    await(f::fired, 1, Duration.ofSeconds(10));
    assertThat(Flaky.FAILURES_LEFT.get("f1").get()).isLessThan(0);
  }

  @Test
  void fire_failingCallbackWithDropPolicy_givesUpOnThatFiring() throws Exception {
    Flaky.FAILURES_LEFT.put("f2", new AtomicInteger(1));
    register(new ActorId("Flaky", "f2"), new ReminderSpec("once", null, "0s", "", "", FailurePolicy.drop()));
    Thread.sleep(1000);
    FlakyApi f = runtime.client().proxy(FlakyApi.class, new ActorId("Flaky", "f2"));
    assertThat(f.fired()).isZero();
  }

  @Test
  void restart_keepsStateAndReminders_andCollapsesMissedFirings() throws Exception {
    register(new ActorId("Keeper", "durable"), ReminderSpec.of("tick", "0s", "PT0.2S"));
    await(() -> total("durable"), 3, Duration.ofSeconds(10));
    runtime.close();
    runtime = null;
    long beforeDown = System.nanoTime();
    Thread.sleep(2000); // about 10 periods are missed while nothing runs
    runtime = startNode();
    long atRestart = total("durable");
    Thread.sleep(1000);
    long after = total("durable");
    double secondsUp = 1.0;
    // Missed periods fire once, then the 0.2 s grid resumes: about 5 more in a second, not 15.
    assertThat(after - atRestart).isBetween(2L, (long) (secondsUp / 0.2) + 3);
    assertThat(System.nanoTime() - beforeDown).isPositive();
  }

  @Test
  void register_manyConcurrently_areAllStoredInBatches() {
    List<java.util.concurrent.CompletableFuture<Void>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      all.add(
          runtime.service()
              .registerReminder(new ActorId("Keeper", "many-" + (i % 30)), ReminderSpec.of("r" + i, "1h", "1h"))
              .toCompletableFuture());
    }
    all.forEach(java.util.concurrent.CompletableFuture::join);
    assertThat(runtime.service().listReminders("Keeper").toCompletableFuture().join()).hasSize(300);
    assertThat(runtime.metrics().scrape()).contains("capa_reminders_registered 300\n");
  }

  @Test
  void unregister_rightAfterRegister_leavesNothingBehind() {
    ActorId id = new ActorId("Keeper", "fleeting");
    var reg = runtime.service().registerReminder(id, ReminderSpec.of("gone", "1h", "")).toCompletableFuture();
    var unreg = runtime.service().unregisterReminder(id, "gone").toCompletableFuture();
    reg.join();
    assertThat(unreg.join()).isTrue();
    assertThat(runtime.service().getReminder(id, "gone").toCompletableFuture().join()).isEmpty();
  }
}
