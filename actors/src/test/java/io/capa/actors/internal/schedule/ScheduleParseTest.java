package io.capa.actors.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.actors.internal.schedule.Recurrence.Cron;
import io.capa.actors.internal.schedule.Recurrence.FixedRate;
import io.capa.actors.internal.schedule.Recurrence.OneShot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleParseTest {
  private static final Instant REGISTERED = Instant.parse("2026-01-01T10:00:00Z");

  private static Schedule parse(String due, String period, String ttl) {
    return Schedule.parse(due, period, ttl, REGISTERED);
  }

  @Test
  void parse_emptyTextsFireOnceRightAway() {
    Schedule s = parse("", "", "");
    assertThat(s.recurrence()).isEqualTo(new OneShot());
    assertThat(s.anchor()).isEqualTo(REGISTERED);
    assertThat(s.firstFire()).contains(REGISTERED);
    assertThat(s.expiresAt()).isEmpty();
    assertThat(Schedule.parse(null, null, null, REGISTERED)).isEqualTo(s);
  }

  @ParameterizedTest
  @CsvSource({"PT10S, 10", "1h30m, 5400", "0h0m3s0ms, 3", "0s, 0", "P1D, 86400"})
  void parse_dueTimeDurationIsAnOffsetFromRegistration(String due, long seconds) {
    assertThat(parse(due, "", "").firstFire()).contains(REGISTERED.plusSeconds(seconds));
  }

  @Test
  void parse_dueTimeInstantIsAbsoluteEvenInThePast() {
    assertThat(parse("2026-02-01T00:00:00+01:00", "", "").firstFire())
        .contains(Instant.parse("2026-01-31T23:00:00Z"));
    assertThat(parse("2025-01-01T00:00:00Z", "", "").firstFire()).contains(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource({"PT10S, 10", "10s, 10", "@every 10s, 10", "@EVERY   PT1M, 60", "1.5h, 5400"})
  void parse_periodDurationIsAnUnboundedFixedRate(String period, long seconds) {
    assertThat(parse("", period, "").recurrence())
        .isEqualTo(new FixedRate(Duration.ofSeconds(seconds), OptionalLong.empty(), Optional.empty()));
  }

  @ParameterizedTest
  @CsvSource({"R5/PT1S, 5, 1", "r3/1m, 3, 60", "R1/PT1H, 1, 3600"})
  void parse_repetitionsCountFirings(String period, long count, long seconds) {
    assertThat(parse("", period, "").recurrence())
        .isEqualTo(new FixedRate(Duration.ofSeconds(seconds), OptionalLong.of(count), Optional.empty()));
  }

  @Test
  void parse_repetitionsWithoutCountAreUnbounded() {
    assertThat(parse("", "R/PT2S", "").recurrence())
        .isEqualTo(new FixedRate(Duration.ofSeconds(2), OptionalLong.empty(), Optional.empty()));
  }

  @Test
  void parse_repetitionsWithStartInstantAnchorTheGrid() {
    Schedule s = parse("", "R2/2026-03-01T00:00:00Z/PT1H", "");
    assertThat(s.firstFire()).contains(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(((FixedRate) s.recurrence()).repetitions()).hasValue(2);
  }

  @Test
  void parse_cronFirstFireIsFirstMatchAtOrAfterDueTime() {
    assertThat(parse("", "0 0 * * *", "").firstFire()).contains(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(parse("", "0 10 * * *", "").firstFire()).contains(REGISTERED);
    assertThat(parse("1h", "0 10 * * *", "").firstFire()).contains(Instant.parse("2026-01-02T10:00:00Z"));
    assertThat(parse("", "@hourly", "").recurrence()).isInstanceOf(Cron.class);
  }

  @Test
  void parse_ttlAsDurationOrInstant() {
    assertThat(parse("", "10s", "1m").expiresAt()).contains(REGISTERED.plusSeconds(60));
    assertThat(parse("", "10s", "2026-01-01T12:00:00Z").expiresAt()).contains(Instant.parse("2026-01-01T12:00:00Z"));
  }

  @Test
  void parse_unparsablePeriodListsEveryForm() {
    assertThatThrownBy(() -> parse("", "1x", ""))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("period: cannot parse \"1x\" (expected an ISO 8601 duration such as PT10S, a Go duration"
            + " such as 1h30m, R<n>/<duration>, @every <duration>, or a cron expression)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "PT0S", "@every 0ms", "R5/0s", "R/PT0S"})
  void parse_rejectsZeroPeriod(String period) {
    assertThatThrownBy(() -> parse("", period, ""))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("period: \"" + period + "\" is zero (expected a positive duration)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "R0/PT1S                           | never fires (expected R1 or more",
    "R9223372036854775808/PT1S         | has too many repetitions (expected at most 9223372036854775807)",
    "R5/PT1H/2026-01-01T00:00:00Z      | use ttl for an end time",
    "R5/2026-01-01T00:00:00Z           | (expected R<n>/<duration> or R<n>/<start instant>/<duration>",
    "R5/2026-13-01T00:00:00Z/PT1H      | cannot parse \"2026-13-01T00:00:00Z\"",
    "@every                            | @every followed by a duration",
    "@every10s                         | @every followed by a duration",
    "@every -5s                        | is negative",
    "P1M                               | uses years or months",
    "-10s                              | is negative",
    "10                                | has no unit",
    "0 0 30 2 *                        | has no match within 8 years",
    "0 0 * *                           | has 4 fields",
    "@often                            | unknown cron macro",
  })
  void parse_rejectsInvalidPeriods(String period, String expected) {
    assertThatThrownBy(() -> parse("", period.strip(), ""))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("period: ")
        .hasMessageContaining(expected.strip())
        .extracting(e -> ((ScheduleException) e).field()).isEqualTo("period");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "abc                               | cannot parse \"abc\"",
    "-5s                               | is negative",
    "10                                | has no unit",
    "2026-01-02T03:04:05               | has no UTC offset",
    "9223372036854775807s              | reaches beyond the supported time range",
  })
  void parse_rejectsInvalidDueTimes(String due, String expected) {
    assertThatThrownBy(() -> parse(due.strip(), "", ""))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("dueTime: ")
        .hasMessageContaining(expected.strip());
  }

  @Test
  void parse_dueTimeErrorMentionsInstantsToo() {
    assertThatThrownBy(() -> parse("soon", "", "")).hasMessageContaining("RFC 3339 instant");
  }

  @Test
  void parse_rejectsDueTimeNextToAStartInstantInThePeriod() {
    assertThatThrownBy(() -> parse("10s", "R2/2026-03-01T00:00:00Z/PT1H", ""))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("dueTime: \"10s\" conflicts with the start instant in period");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''         | 0s                   | not after the registration",
    "''         | 2025-01-01T00:00:00Z | not after the registration",
    "1h         | 30m                  | not after the first firing at 2026-01-01T11:00:00Z",
    "1h         | 1h                   | not after the first firing",
    "''         | 1y                   | cannot parse",
    "''         | P1Y                  | uses years or months",
  })
  void parse_rejectsInvalidTtls(String due, String ttl, String expected) {
    assertThatThrownBy(() -> parse(due, "", ttl.strip()))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("ttl: ")
        .hasMessageContaining(expected.strip());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''                    | ''                               | ''",
    "PT10S                 | R5/PT1S                          | 1h",
    "2026-01-02T03:04:05Z  | 0 */5 * * MON-FRI                | 2027-01-01T00:00:00+01:00",
    "0h0m3s0ms             | @every 1h30m                     | ''",
    "''                    | R2/2026-03-01T00:00:00Z/PT1H     | P90D",
  })
  void toString_roundTripsTheUserTexts(String due, String period, String ttl) {
    Schedule s = parse(due.strip(), period.strip(), ttl.strip());
    assertThat(s.toString()).contains("dueTime=\"" + due.strip() + "\"", "period=\"" + period.strip() + "\"",
        "ttl=\"" + ttl.strip() + "\"");
    assertThat(Schedule.parse(s.dueTimeText(), s.periodText(), s.ttlText(), s.registeredAt())).isEqualTo(s);
  }
}
