package io.capa.actors.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionTest {

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  private static Optional<Instant> next(String cron, String after) {
    return CronExpression.parse("period", cron).nextAfter(at(after));
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(delimiter = '|', value = {
    // five fields: seconds are 0
    "* * * * *          | 2026-01-01T00:00:30Z | 2026-01-01T00:01:00Z",
    "* * * * *          | 2026-01-01T00:01:00Z | 2026-01-01T00:02:00Z",
    "30 9 * * *         | 2026-01-01T09:30:00Z | 2026-01-02T09:30:00Z",
    "0 9,17 * * *       | 2026-01-01T10:00:00Z | 2026-01-01T17:00:00Z",
    "5-30/5 * * * *     | 2026-01-01T00:30:00Z | 2026-01-01T01:05:00Z",
    "5-30/5 * * * *     | 2026-01-01T00:06:00Z | 2026-01-01T00:10:00Z",
    "5/20 * * * *       | 2026-01-01T00:26:00Z | 2026-01-01T00:45:00Z",
    "*/10 * * * *       | 2026-01-01T00:59:00Z | 2026-01-01T01:00:00Z",
    // six fields: seconds first
    "*/15 * * * * *     | 2026-01-01T00:00:14Z | 2026-01-01T00:00:15Z",
    "*/15 * * * * *     | 2026-01-01T00:00:45Z | 2026-01-01T00:01:00Z",
    "10 0 0 * * *       | 2026-01-01T00:00:10Z | 2026-01-02T00:00:10Z",
    "59 59 23 * * *     | 2026-01-01T00:00:00Z | 2026-01-01T23:59:59Z",
    // month ends and leap years
    "0 0 31 * *         | 2026-04-01T00:00:00Z | 2026-05-31T00:00:00Z",
    "0 0 31 * *         | 2026-05-31T00:00:00Z | 2026-07-31T00:00:00Z",
    "0 0 30 * *         | 2026-01-30T00:00:00Z | 2026-03-30T00:00:00Z",
    "0 0 29 2 *         | 2026-01-01T00:00:00Z | 2028-02-29T00:00:00Z",
    "0 0 29 2 *         | 2024-02-28T12:00:00Z | 2024-02-29T00:00:00Z",
    "0 0 29 2 *         | 2096-03-01T00:00:00Z | 2104-02-29T00:00:00Z",
    "0 0 28-31 2 *      | 2100-02-28T00:00:00Z | 2101-02-28T00:00:00Z",
    // year rollover
    "0 0 1 1 *          | 2026-12-31T23:59:59Z | 2027-01-01T00:00:00Z",
    "59 23 31 12 *      | 2026-12-31T23:59:00Z | 2027-12-31T23:59:00Z",
    "0 0 0 1 1 *        | 2026-01-01T00:00:00Z | 2027-01-01T00:00:00Z",
    // names, case-insensitive
    "0 0 1 JAN,jul *    | 2026-02-01T00:00:00Z | 2026-07-01T00:00:00Z",
    "0 12 * * mon-FRI   | 2026-01-02T12:00:00Z | 2026-01-05T12:00:00Z",
    "0 0 * * SUN        | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z",
    "0 0 * * 7          | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z",
    "0 0 * * 5-7        | 2026-01-03T00:00:00Z | 2026-01-04T00:00:00Z",
    "0 0 1 jan-mar/2 *  | 2026-01-01T00:00:00Z | 2026-03-01T00:00:00Z",
    // day-of-month OR day-of-week when both are restricted
    "0 0 13 * FRI       | 2026-01-01T00:00:00Z | 2026-01-02T00:00:00Z",
    "0 0 13 * FRI       | 2026-01-10T00:00:00Z | 2026-01-13T00:00:00Z",
    "0 0 */10 * MON     | 2026-01-02T00:00:00Z | 2026-01-05T00:00:00Z",
    // AND when one of them is * or ?
    "0 0 * * MON        | 2026-01-01T00:00:00Z | 2026-01-05T00:00:00Z",
    "0 0 0 ? * MON      | 2026-01-01T00:00:00Z | 2026-01-05T00:00:00Z",
    "0 0 0 13 * ?       | 2026-01-01T00:00:00Z | 2026-01-13T00:00:00Z",
    // macros
    "@yearly            | 2026-03-01T00:00:00Z | 2027-01-01T00:00:00Z",
    "@annually          | 2026-03-01T00:00:00Z | 2027-01-01T00:00:00Z",
    "@monthly           | 2026-03-15T00:00:00Z | 2026-04-01T00:00:00Z",
    "@weekly            | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z",
    "@daily             | 2026-01-01T00:00:00Z | 2026-01-02T00:00:00Z",
    "@midnight          | 2026-01-01T23:59:59Z | 2026-01-02T00:00:00Z",
    "@hourly            | 2026-01-01T00:00:00.5Z | 2026-01-01T01:00:00Z",
    "@HOURLY            | 2026-01-01T00:59:59.999Z | 2026-01-01T01:00:00Z",
  })
  void nextAfter_findsTheNextMatch(String cron, String after, String expected) {
    Instant found = next(cron.strip(), after.strip()).orElseThrow();
    assertThat(found).isEqualTo(at(expected.strip()));
    assertThat(CronExpression.parse("period", cron.strip()).matches(found)).isTrue();
  }

  @Test
  void nextAfter_isStrictlyAfterAMatchAndIgnoresSubSecondParts() {
    CronExpression every = CronExpression.parse("period", "* * * * * *");
    assertThat(every.nextAfter(at("2026-01-01T00:00:00Z"))).contains(at("2026-01-01T00:00:01Z"));
    assertThat(every.nextAfter(at("2026-01-01T00:00:00.999999999Z"))).contains(at("2026-01-01T00:00:01Z"));
  }

  @Test
  void firstAtOrAfter_includesAnExactMatch() {
    CronExpression hourly = CronExpression.parse("period", "@hourly");
    assertThat(hourly.firstAtOrAfter(at("2026-01-01T05:00:00Z"))).contains(at("2026-01-01T05:00:00Z"));
    assertThat(hourly.firstAtOrAfter(at("2026-01-01T05:00:00.000000001Z"))).contains(at("2026-01-01T06:00:00Z"));
  }

  @Test
  void nextAfter_weeklyMacroAlwaysLandsOnSundayMidnight() {
    CronExpression weekly = CronExpression.parse("period", "@weekly");
    Instant t = at("2026-01-01T00:00:00Z");
    for (int i = 0; i < 60; i++) {
      Instant n = weekly.nextAfter(t).orElseThrow();
      assertThat(n.atOffset(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
      if (i > 0) {
        assertThat(n).isEqualTo(t.plusSeconds(7 * 86_400));
      }
      t = n;
    }
  }

  @Test
  void nextAfter_lastDayOfEveryMonthVisitsOnlyMonthsWith31Days() {
    CronExpression cron = CronExpression.parse("period", "0 0 31 * *");
    List<Integer> months = new ArrayList<>();
    Instant t = at("2026-01-01T00:00:00Z");
    for (int i = 0; i < 7; i++) {
      t = cron.nextAfter(t).orElseThrow();
      months.add(t.atOffset(ZoneOffset.UTC).getMonthValue());
    }
    assertThat(months).containsExactly(1, 3, 5, 7, 8, 10, 12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 0 31 FEB ?"})
  void nextAfter_returnsEmptyForDatesThatNeverOccur(String cron) {
    long started = System.nanoTime();
    assertThat(CronExpression.parse("period", cron).nextAfter(at("2026-01-01T00:00:00Z"))).isEmpty();
    assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
  }

  @Test
  void nextAfter_handlesTheEndsOfTheInstantRange() {
    CronExpression cron = CronExpression.parse("period", "@yearly");
    assertThat(cron.nextAfter(Instant.MAX)).isEmpty();
    assertThat(cron.firstAtOrAfter(Instant.MAX)).isEmpty();
    assertThat(cron.nextAfter(Instant.MIN)).isPresent();
    assertThat(cron.nextAfter(at("+999999000-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void nextAfter_chainedVisitsEveryMatchOfAWeekdayOnce() {
    CronExpression cron = CronExpression.parse("period", "*/7 * 3-5 * * 1-5");
    Instant monday = at("2026-01-05T00:00:00Z");
    Instant t = monday;
    int count = 0;
    while ((t = cron.nextAfter(t).orElseThrow()).isBefore(monday.plusSeconds(86_400))) {
      count++;
    }
    int secondsPerMinute = (59 / 7) + 1;
    assertThat(count).isEqualTo(3 * 60 * secondsPerMinute);
    assertThat(t).isEqualTo(at("2026-01-06T03:00:00Z"));
  }

  @Test
  void equals_comparesMeaningNotSpelling() {
    assertThat(CronExpression.parse("p", "@daily")).isEqualTo(CronExpression.parse("p", "0 0 * * *"));
    assertThat(CronExpression.parse("p", "0 0 * * *")).isEqualTo(CronExpression.parse("p", "0 0 0 * * *"));
    assertThat(CronExpression.parse("p", "0 0 * * 7")).isEqualTo(CronExpression.parse("p", "0 0 * * SUN"));
    assertThat(CronExpression.parse("p", "0 0 * * *")).isNotEqualTo(CronExpression.parse("p", "0 1 * * *"));
    assertThat(CronExpression.parse("p", "0 0 * * 0").hashCode())
        .isEqualTo(CronExpression.parse("p", "0 0 * * SUN").hashCode());
  }

  @Test
  void toString_isTheUserText() {
    assertThat(CronExpression.parse("p", " 0 */5 * * MON-FRI ")).hasToString("0 */5 * * MON-FRI");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "* * * *             | has 4 fields (expected 5: minute hour day-of-month month day-of-week, or 6 with seconds first)",
    "* * * * * * *       | has 7 fields",
    "60 * * * *          | cron minute \"60\" is out of range 0-59",
    "* 24 * * *          | cron hour \"24\" is out of range 0-23",
    "* * 0 * *           | cron day-of-month \"0\" is out of range 1-31",
    "* * 32 * *          | cron day-of-month \"32\" is out of range 1-31",
    "* * * 13 *          | cron month \"13\" is out of range 1-12",
    "* * * * 8           | cron day-of-week \"8\" is out of range 0-7",
    "60 * * * * *        | cron second \"60\" is out of range 0-59",
    "* * * FOO *         | cron month \"FOO\" is not a number or a name such as JAN",
    "* * * * FUNDAY      | cron day-of-week \"FUNDAY\" is not a number or a name such as SUN",
    "x * * * *           | cron minute \"x\" is not a number",
    "*/0 * * * *         | cron minute \"*/0\" has a step of 0",
    "30-10 * * * *       | cron minute \"30-10\" is a range whose start is after its end",
    "1,,2 * * * *        | cron minute \"\" has an empty list item",
    "0 0 L * *           | cron day-of-month \"L\" uses L, W or #, which are not supported",
    "0 0 15W * *         | cron day-of-month \"15W\" uses L, W or #, which are not supported",
    "0 0 * * 5#3         | cron day-of-week \"5#3\" uses L, W or #, which are not supported",
    "-1 * * * *          | cron minute \"-1\" is not a number",
    "@fortnightly        | unknown cron macro \"@fortnightly\"",
  })
  void parse_rejectsInvalidExpressionsWithFieldAndText(String cron, String expected) {
    assertThatThrownBy(() -> CronExpression.parse("period", cron.strip()))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("period: ")
        .hasMessageContaining(expected.strip());
  }

  @Test
  void parse_quotesTheWholeExpressionInFieldErrors() {
    assertThatThrownBy(() -> CronExpression.parse("period", "0 0 * * 8"))
        .hasMessage("period: cron day-of-week \"8\" is out of range 0-7 in \"0 0 * * 8\"");
  }
}
