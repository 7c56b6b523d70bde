package io.capa.schedules.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.actors.api.ActorRuntime;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.invocation.InvocationService;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.api.schedules.ScheduleInfo;
import io.capa.api.schedules.ScheduleSpec;
import io.capa.api.schedules.ScheduleTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules on a single-node actor runtime with its H2 file store. */
class SchedulesTest {
  static final List<InvokeRequest> appCalls = new CopyOnWriteArrayList<>();
  static final InvocationService APPS = request -> {
    appCalls.add(request);
    return CompletableFuture.completedFuture(InvokeResponse.ok(new byte[0], null));
  };
  @TempDir static Path dataDir;
  static ActorRuntime runtime;
  static ExecutorService executor;
  static ActorScheduleService schedules;

  static ActorRuntime startNode(Path dir) {
    return ActorRuntime.builder()
        .register(Tally.type())
        .register(ActorScheduleService.type(APPS))
        .setting("capa.persistence.backend", "h2")
        .setting("capa.data-dir", dir.toString())
        .setting("capa.cluster.port", 0)
        .setting("capa.actors.reminders.partitions", 4)
        .setting("capa.actors.reminders.checkpoint-interval", "200ms")
        .start();
  }

  @BeforeAll
  static void start() throws Exception {
    runtime = startNode(dataDir);
    executor = Executors.newFixedThreadPool(2);
    schedules = new ActorScheduleService(runtime, APPS, "app", executor);
  }

  @AfterAll
  static void stop() {
    runtime.close();
    executor.shutdownNow();
  }

  static <T> T join(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static long count(ActorRuntime rt, String id) {
    return rt.client().proxy(TallyApi.class, new ActorId("Tally", id)).count();
  }

  static void await(LongSupplier value, long atLeast, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (value.getAsLong() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(value.getAsLong()).isGreaterThanOrEqualTo(atLeast);
  }

  static String unique(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static ScheduleSpec everySecond(String name, String tally) {
    return ScheduleSpec.of(name, "@every 1s", ScheduleTarget.actor(new ActorId("Tally", tally), "hit"),
        "\"tick\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everySecond_callsTheActorMethodRepeatedly_withTheData() throws Exception {
    String tally = unique("t");
    join(schedules.create(everySecond(unique("s"), tally)));

    await(() -> count(runtime, tally), 3, Duration.ofSeconds(15));
    assertThat(runtime.client().proxy(TallyApi.class, new ActorId("Tally", tally)).last()).isEqualTo("tick");
  }

  @Test
  void appTarget_isCalledThroughServiceInvocation() throws Exception {
    String method = unique("m");
    join(schedules.create(ScheduleSpec.of(unique("s"), "@every 1s", ScheduleTarget.app("billing", method),
        "payload".getBytes(StandardCharsets.UTF_8))));

    await(() -> appCalls.stream().filter(c -> c.method().equals(method)).count(), 2, Duration.ofSeconds(15));
    InvokeRequest call = appCalls.stream().filter(c -> c.method().equals(method)).findFirst().orElseThrow();
    assertThat(call.appId()).isEqualTo("billing");
    assertThat(new String(call.data(), StandardCharsets.UTF_8)).isEqualTo("payload");
  }

  /** One row: the cron, and the first time it must fire strictly after a given instant (UTC). */
  record Row(String cron, UnaryOperator<ZonedDateTime> next) {}

  @Test
  void get_nextFire_isTheFirstCronMatchAfterCreation() throws Exception {
    List<Row> table = List.of(
        new Row("*/15 * * * *", t -> {
          ZonedDateTime h = t.truncatedTo(ChronoUnit.HOURS);
          ZonedDateTime q = h.plusMinutes((t.getMinute() / 15 + 1) * 15L);
          return q;
        }),
        new Row("0 30 2 * * *", t -> {
          ZonedDateTime d = t.truncatedTo(ChronoUnit.DAYS).plusHours(2).plusMinutes(30);
          return d.isAfter(t) ? d : d.plusDays(1);
        }),
        new Row("@hourly", t -> t.truncatedTo(ChronoUnit.HOURS).plusHours(1)),
        new Row("@daily", t -> t.truncatedTo(ChronoUnit.DAYS).plusDays(1)),
        new Row("0 12 * * MON", t -> {
          ZonedDateTime noon = t.truncatedTo(ChronoUnit.DAYS).plusHours(12);
          ZonedDateTime c = noon.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
          return c.isAfter(t) ? c : noon.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        }),
        new Row("0 0 1 3 *", t -> {
          ZonedDateTime c = t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).withMonth(3);
          return c.isAfter(t) ? c : c.plusYears(1);
        }),
        new Row("45 59 23 31 12 *", t -> {
          ZonedDateTime c = ZonedDateTime.of(t.getYear(), 12, 31, 23, 59, 45, 0, ZoneOffset.UTC);
          return c.isAfter(t) ? c : c.plusYears(1);
        }));
    for (Row row : table) {
      String name = unique("cron");
      ZonedDateTime before = Instant.now().atZone(ZoneOffset.UTC);
      join(schedules.create(ScheduleSpec.of(name, row.cron(), ScheduleTarget.app("x", "y"), null)));
      ZonedDateTime after = Instant.now().atZone(ZoneOffset.UTC);

      Instant next = join(schedules.get(name)).orElseThrow().nextFire().orElseThrow();
      // The creation happened between the two readings: a boundary between them may be either.
      assertThat(next).as(row.cron()).isIn(row.next().apply(before).toInstant(), row.next().apply(after).toInstant());
      assertThat(join(schedules.delete(name))).isTrue();
    }
  }

  @Test
  void delete_stopsTheFirings() throws Exception {
    String tally = unique("t");
    String name = unique("s");
    join(schedules.create(everySecond(name, tally)));
    await(() -> count(runtime, tally), 1, Duration.ofSeconds(15));

    assertThat(join(schedules.delete(name))).isTrue();
    long atDelete = count(runtime, tally);
    Thread.sleep(2500); // more than two periods: long enough for firings to show if any still happen

    assertThat(count(runtime, tally)).isLessThanOrEqualTo(atDelete + 1); // one firing may have been under way
    assertThat(join(schedules.get(name))).isEmpty();
    assertThat(join(schedules.delete(name))).isFalse();
  }

  @Test
  void create_sameName_replacesTheSchedule() throws Exception {
    String name = unique("s");
    join(schedules.create(ScheduleSpec.of(name, "@every 1h", ScheduleTarget.app("a", "m1"), null)));
    join(schedules.create(new ScheduleSpec(name, "@daily", ScheduleTarget.app("a", "m2"), null,
        Optional.of(Instant.parse("2099-01-01T00:00:00Z")), FailurePolicy.retry(2, Duration.ofSeconds(1)))));

    ScheduleInfo info = join(schedules.get(name)).orElseThrow();
    assertThat(info.spec().cron()).isEqualTo("@daily");
    assertThat(info.spec().target()).isEqualTo(ScheduleTarget.app("a", "m2"));
    assertThat(info.spec().until()).hasValue(Instant.parse("2099-01-01T00:00:00Z"));
    assertThat(info.spec().failurePolicy()).isEqualTo(FailurePolicy.retry(2, Duration.ofSeconds(1)));
    assertThat(join(schedules.list())).filteredOn(s -> s.name().equals(name)).hasSize(1);
    join(schedules.delete(name));
  }

  @Test
  void list_showsOnlyTheCallersSchedules() throws Exception {
    ActorScheduleService other = new ActorScheduleService(runtime, APPS, "other-app", executor);
    String mine = unique("mine|50%");
    String theirs = unique("theirs");
    join(schedules.create(ScheduleSpec.of(mine, "@daily", ScheduleTarget.app("a", "m"), null)));
    join(other.create(ScheduleSpec.of(theirs, "@daily", ScheduleTarget.app("a", "m"), null)));

    assertThat(join(schedules.list())).extracting(ScheduleInfo::name).contains(mine).doesNotContain(theirs);
    assertThat(join(other.list())).extracting(ScheduleInfo::name).contains(theirs).doesNotContain(mine);
    assertThat(join(other.get(mine))).isEmpty();
    join(schedules.delete(mine));
    join(other.delete(theirs));
  }

  @Test
  void create_garbageCron_isRefusedNamingTheField() {
    Map<String, String> cases = Map.of(
        "61 * * * *", "minute",
        "* 24 * * *", "hour",
        "* * 32 * *", "day-of-month",
        "0 0 * 13 *", "month",
        "* * * * FUNDAY", "day-of-week",
        "* * *", "3 fields",
        "@fortnightly", "unknown cron macro",
        "@every banana", "@every",
        "PT10S", "not a cron expression");
    cases.forEach((cron, expected) ->
        assertThatThrownBy(() -> join(schedules.create(ScheduleSpec.of(unique("bad"), cron, ScheduleTarget.app("a", "m"), null))))
            .as(cron)
            .satisfies(t -> assertThat(((CapaException) t.getCause()).errorCode()).isEqualTo(ErrorCode.INVALID_SCHEDULE))
            .hasMessageContaining(expected)
            .hasMessageContaining("cron"));
  }

  @Test
  void create_untilInThePast_isRefusedNamingUntil() {
    assertThatThrownBy(() -> join(schedules.create(new ScheduleSpec(unique("old"), "@daily", ScheduleTarget.app("a", "m"),
        null, Optional.of(Instant.parse("2001-01-01T00:00:00Z")), null))))
        .hasMessageContaining("until");
  }

  @Test
  void restart_onTheSameStore_keepsFiring(@TempDir Path dir) throws Exception {
    String tally = unique("t");
    long atRestart;
    try (ActorRuntime first = startNode(dir)) {
      ActorScheduleService s = new ActorScheduleService(first, APPS, "app", executor);
      join(s.create(everySecond("durable", tally)));
      await(() -> count(first, tally), 2, Duration.ofSeconds(15));
      atRestart = count(first, tally);
    }
    try (ActorRuntime second = startNode(dir)) {
      ActorScheduleService s = new ActorScheduleService(second, APPS, "app", executor);
      assertThat(join(s.get("durable"))).isPresent();
      await(() -> count(second, tally), atRestart + 2, Duration.ofSeconds(20));
      join(s.delete("durable"));
    }
  }
}
