package io.capa.actors.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScheduleRecoveryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static Schedule parse(String due, String period, String ttl) {
    return Schedule.parse(due, period, ttl, T0);
  }

  @Test
  void nextOnRecovery_collapsesMissedPeriodsIntoOneFiringThenResumesOnTheGrid() {
    Schedule s = parse("", "1m", "");
    Instant now = T0.plusSeconds(5 * 60 + 30); // fired at T0, then down for five periods
    assertThat(s.nextOnRecovery(T0, 1, now)).contains(now);
    assertThat(s.nextAfterFiring(now, 2)).contains(T0.plusSeconds(6 * 60));
    assertThat(s.nextAfterFiring(T0.plusSeconds(6 * 60), 3)).contains(T0.plusSeconds(7 * 60));
  }

  @Test
  void nextOnRecovery_nothingMissedReturnsTheScheduledTime() {
    Schedule s = parse("", "1m", "");
    assertThat(s.nextOnRecovery(T0, 1, T0.plusSeconds(30))).contains(T0.plusSeconds(60));
    assertThat(s.nextOnRecovery(null, 0, T0.minusSeconds(1))).contains(T0);
  }

  @Test
  void nextOnRecovery_missedPointExactlyNowFiresNow() {
    Schedule s = parse("", "1m", "");
    assertThat(s.nextOnRecovery(T0, 1, T0.plusSeconds(60))).contains(T0.plusSeconds(60));
    assertThat(s.nextAfterFiring(T0.plusSeconds(60), 2)).contains(T0.plusSeconds(120));
  }

  @Test
  void nextOnRecovery_neverFiredAndOverdueFiresNow() {
    Instant now = T0.plusSeconds(3600);
    assertThat(parse("10s", "", "").nextOnRecovery(null, 0, now)).contains(now);
    assertThat(parse("", "R/PT1S", "").nextOnRecovery(null, 0, now)).contains(now);
  }

  @Test
  void nextOnRecovery_firedOneShotStaysDone() {
    assertThat(parse("10s", "", "").nextOnRecovery(T0.plusSeconds(10), 1, T0.plusSeconds(3600))).isEmpty();
  }

  @Test
  void nextOnRecovery_pastDueInstantDoesNotFloodOnRegistration() {
    Schedule s = Schedule.parse("2025-12-31T00:00:00Z", "1h", "", T0);
    assertThat(s.nextOnRecovery(null, 0, T0)).contains(T0);
    assertThat(s.nextAfterFiring(T0, 1)).contains(T0.plusSeconds(3600));
  }

  @Test
  void nextOnRecovery_countsTheCollapsedFiringAgainstRepetitions() {
    Schedule s = parse("", "R3/PT1M", "");
    Instant now = T0.plusSeconds(10 * 60 + 5);
    List<Instant> fired = new ArrayList<>(List.of(T0));
    Optional<Instant> next = s.nextOnRecovery(T0, 1, now);
    while (next.isPresent()) {
      fired.add(next.get());
      next = s.nextAfterFiring(next.get(), fired.size());
    }
    assertThat(fired).containsExactly(T0, now, T0.plusSeconds(11 * 60));
    assertThat(s.nextOnRecovery(T0.plusSeconds(60), 3, now)).isEmpty();
  }

  @Test
  void nextOnRecovery_afterTtlFiresNoMore() {
    Schedule s = parse("", "1m", "10m");
    assertThat(s.nextOnRecovery(T0, 1, T0.plusSeconds(10 * 60))).isEmpty();
    assertThat(s.nextOnRecovery(null, 0, T0.plusSeconds(3600))).isEmpty();
    assertThat(s.nextOnRecovery(T0, 1, T0.plusSeconds(9 * 60 + 30))).contains(T0.plusSeconds(9 * 60 + 30));
    assertThat(s.nextAfterFiring(T0.plusSeconds(9 * 60 + 30), 2)).isEmpty();
  }

  @Test
  void nextOnRecovery_cronFiresOnceThenTakesTheNextMatchAfterNow() {
    Schedule s = parse("", "@daily", "");
    Instant first = s.firstFire().orElseThrow();
    Instant now = first.plus(Duration.ofDays(3)).plusSeconds(7200);
    assertThat(s.nextOnRecovery(first, 1, now)).contains(now);
    assertThat(s.nextAfterFiring(now, 2)).contains(first.plus(Duration.ofDays(4)));
  }

  @Test
  void nextOnRecovery_randomOutagesResumeOnTheOriginalGrid() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 2_000; i++) {
      long periodNanos = 1 + (long) (random.nextDouble() * 86_400_000_000_000L);
      Duration period = Duration.ofNanos(periodNanos);
      Schedule s = Schedule.parse("", "PT" + period.toSeconds() + "." + String.format("%09d", period.toNanosPart()) + "S", "", T0);
      long k = random.nextInt(1000);
      Instant last = T0.plus(period.multipliedBy(k));
      Instant now = last.plus(Duration.ofNanos((long) (random.nextDouble() * periodNanos * 50)));
      Optional<Instant> recovery = s.nextOnRecovery(last, k + 1, now);
      String context = "seed " + seed + ", period " + period + ", last " + last + ", now " + now;
      Instant gridAfterLast = last.plus(period);
      if (gridAfterLast.isAfter(now)) {
        assertThat(recovery).as(context).contains(gridAfterLast);
        continue;
      }
      assertThat(recovery).as(context).contains(now);
      Instant resumed = s.nextAfterFiring(now, k + 2).orElseThrow();
      assertThat(resumed).as(context).isAfter(now);
      assertThat(resumed.minus(period)).as(context).isBeforeOrEqualTo(now);
      Duration sinceAnchor = Duration.between(T0, resumed);
      assertThat(sinceAnchor.toNanos() % periodNanos).as(context).isZero();
    }
  }
}
