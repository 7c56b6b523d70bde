package io.capa.actors.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleFiringTest {
  private static final Instant REGISTERED = Instant.parse("2026-01-01T10:00:00Z");

  private static Schedule parse(String due, String period, String ttl) {
    return Schedule.parse(due, period, ttl, REGISTERED);
  }

  /** Fires a schedule on time until it finishes (at most {@code limit} times) and lists the firings. */
  private static List<Instant> fireOnTime(Schedule s, int limit) {
    List<Instant> fired = new ArrayList<>();
    Optional<Instant> next = s.firstFire();
    while (next.isPresent() && fired.size() < limit) {
      fired.add(next.get());
      next = s.nextAfterFiring(next.get(), fired.size());
    }
    return fired;
  }

  @Test
  void nextAfterFiring_oneShotFiresOnce() {
    Schedule s = parse("5s", "", "");
    assertThat(fireOnTime(s, 10)).containsExactly(REGISTERED.plusSeconds(5));
  }

  @Test
  void nextAfterFiring_fixedRateStaysOnTheGridWithoutDrift() {
    Schedule s = parse("1s", "PT0.1S", "");
    List<Instant> fired = fireOnTime(s, 10_001);
    assertThat(fired).hasSize(10_001);
    assertThat(fired.get(10_000)).isEqualTo(REGISTERED.plusSeconds(1).plus(Duration.ofMillis(100).multipliedBy(10_000)));
  }

  @Test
  void nextAfterFiring_lateFiringReturnsToTheGrid() {
    Schedule s = parse("", "10s", "");
    // A firing scheduled off the grid (e.g. after recovery) is followed by the next grid point.
    assertThat(s.nextAfterFiring(REGISTERED.plusSeconds(13), 2)).contains(REGISTERED.plusSeconds(20));
    assertThat(s.nextAfterFiring(REGISTERED.plusSeconds(20), 3)).contains(REGISTERED.plusSeconds(30));
    assertThat(s.nextAfterFiring(REGISTERED.minusSeconds(5), 0)).contains(REGISTERED);
  }

  @Test
  void nextAfterFiring_repetitionsFireExactlyNTimes() {
    assertThat(fireOnTime(parse("", "R3/PT1S", ""), 10))
        .containsExactly(REGISTERED, REGISTERED.plusSeconds(1), REGISTERED.plusSeconds(2));
    assertThat(fireOnTime(parse("", "R1/PT1S", ""), 10)).containsExactly(REGISTERED);
    assertThat(fireOnTime(parse("", "R/PT1S", ""), 50)).hasSize(50);
  }

  @Test
  void nextAfterFiring_repetitionsWithStartInstant() {
    Schedule s = parse("", "R2/2026-03-01T00:00:00Z/PT1H", "");
    assertThat(fireOnTime(s, 10))
        .containsExactly(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-01T01:00:00Z"));
  }

  @Test
  void nextAfterFiring_stopsBeforeTtl() {
    assertThat(fireOnTime(parse("", "10s", "35s"), 100)).containsExactly(
        REGISTERED, REGISTERED.plusSeconds(10), REGISTERED.plusSeconds(20), REGISTERED.plusSeconds(30));
    // The ttl is exclusive: a grid point exactly at it does not fire.
    assertThat(fireOnTime(parse("", "10s", "30s"), 100))
        .containsExactly(REGISTERED, REGISTERED.plusSeconds(10), REGISTERED.plusSeconds(20));
    assertThat(fireOnTime(parse("", "@every 1m", "2026-01-01T10:02:30Z"), 100)).hasSize(3);
  }

  @Test
  void nextAfterFiring_cronFollowsTheCalendarUntilTtl() {
    Schedule s = parse("", "0 0 1 * *", "2026-04-01T00:00:00Z");
    assertThat(fireOnTime(s, 100)).containsExactly(
        Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"));
  }

  @Test
  void isExpired_isTrueFromTheTtlOn() {
    Schedule s = parse("", "10s", "1m");
    assertThat(s.isExpired(REGISTERED.plusSeconds(59))).isFalse();
    assertThat(s.isExpired(REGISTERED.plusSeconds(60))).isTrue();
    assertThat(s.isExpired(REGISTERED.plusSeconds(61))).isTrue();
    assertThat(parse("", "10s", "").isExpired(Instant.MAX)).isFalse();
  }

  @Test
  void firstGridPointAfter_isStrictlyAfterAndOnTheGrid() {
    Schedule s = parse("", "7s", "");
    assertThat(s.firstGridPointAfter(REGISTERED.plusSeconds(14), 1)).contains(REGISTERED.plusSeconds(21));
    assertThat(s.firstGridPointAfter(REGISTERED.plusSeconds(14).minusNanos(1), 1)).contains(REGISTERED.plusSeconds(14));
    assertThat(s.firstGridPointAfter(REGISTERED.minusSeconds(100), 0)).contains(REGISTERED);
  }

  @Test
  void firstGridPointAfter_rejectsNegativeCount() {
    assertThatThrownBy(() -> parse("", "7s", "").firstGridPointAfter(REGISTERED, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("firedCount");
  }

  @Test
  void firstGridPointAfter_hugeValuesEndTheScheduleInsteadOfOverflowing() {
    Schedule longPeriod = parse("", Long.MAX_VALUE + "s", "");
    assertThat(longPeriod.nextAfterFiring(REGISTERED, 1)).isEmpty();
    Schedule everySecond = parse("", "1s", "");
    assertThat(everySecond.firstGridPointAfter(Instant.MAX, 1)).isEmpty();
    assertThat(everySecond.firstGridPointAfter(Instant.MIN, 0)).contains(REGISTERED);
    assertThat(everySecond.firstGridPointAfter(Instant.MAX.minusSeconds(10), Long.MAX_VALUE))
        .contains(Instant.MAX.minusSeconds(10).plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(parse("", "R9223372036854775807/1ns", "").nextAfterFiring(REGISTERED, Long.MAX_VALUE)).isEmpty();
    assertThat(parse("", "@yearly", "").nextAfterFiring(Instant.MAX, 1)).isEmpty();
  }

  @Test
  void parse_hugeSchedulesNearTheEndOfTime() {
    Instant late = Instant.MAX.minusSeconds(5);
    Schedule s = Schedule.parse("", "2s", "", late);
    assertThat(s.nextAfterFiring(late, 1)).contains(late.plusSeconds(2));
    assertThat(s.nextAfterFiring(late.plusSeconds(4), 3)).isEmpty();
    assertThatThrownBy(() -> Schedule.parse("10s", "", "", late))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining("reaches beyond the supported time range");
    assertThatThrownBy(() -> Schedule.parse("", "", "P999999999999D", REGISTERED))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("ttl: \"P999999999999D\" reaches beyond");
    assertThat(Schedule.parse("", "", "P99999999999D", REGISTERED).expiresAt()).isPresent();
  }
}
