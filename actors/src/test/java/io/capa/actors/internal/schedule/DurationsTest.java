package io.capa.actors.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "PT10S, 10000",
    "pt10s, 10000",
    "PT0.5S, 500",
    "'PT0,25S', 250",
    "P1DT2H, 93600000",
    "P2W, 1209600000",
    "p1w2d, 777600000",
    "PT1H30M, 5400000",
    "PT1.5H, 5400000",
    "P1D, 86400000",
    "PT0S, 0",
  })
  void parse_acceptsIso8601(String text, long expectedMillis) {
    assertThat(Durations.parse("period", text)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @ParameterizedTest
  @CsvSource({
    "1h30m, 5400000",
    "0h0m3s0ms, 3000",
    "1.5h, 5400000",
    "300ms, 300",
    ".5s, 500",
    "1.s, 1000",
    "2m, 120000",
    "1s1h, 3601000",
    "  10s  , 10000",
  })
  void parse_acceptsGoDurations(String text, long expectedMillis) {
    assertThat(Durations.parse("dueTime", text)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void parse_acceptsSubMillisecondGoUnits() {
    assertThat(Durations.parse("period", "10us")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(Durations.parse("period", "10\u00b5s")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(Durations.parse("period", "10\u03bcs")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(Durations.parse("period", "5ns")).isEqualTo(Duration.ofNanos(5));
    assertThat(Durations.parse("period", "1h1ns")).isEqualTo(Duration.ofHours(1).plusNanos(1));
  }

  @Test
  void parse_truncatesBelowNanoseconds() {
    assertThat(Durations.parse("period", "PT0.0000000019S")).isEqualTo(Duration.ofNanos(1));
    assertThat(Durations.parse("period", "1.9ns")).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void parse_acceptsTheLargestRepresentableDuration() {
    String max = Long.MAX_VALUE + ".999999999s";
    assertThat(Durations.parse("ttl", max)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x", "h", "1h30", "5 s", "P", "PT", "P1H", "PT1D", "1h-5m", "abc", "+5s", "P1S", "1..5s"})
  void parse_rejectsUnparsableTextNamingFieldTextAndForms(String text) {
    assertThatThrownBy(() -> Durations.parse("dueTime", text))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("dueTime: cannot parse \"" + text + "\"")
        .hasMessageContaining("ISO 8601 duration such as PT10S")
        .hasMessageContaining("Go duration such as 1h30m");
  }

  @Test
  void parse_exceptionCarriesFieldAndText() {
    ScheduleException e = (ScheduleException) catchThrown(() -> Durations.parse("period", "1x"));
    assertThat(e.field()).isEqualTo("period");
    assertThat(e.text()).isEqualTo("1x");
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "-PT5S", "-1h30m"})
  void parse_rejectsNegativeDuration(String text) {
    assertThatThrownBy(() -> Durations.parse("period", text))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("period: \"" + text + "\" is negative (expected a duration of zero or more)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "0", "1.5", "+10"})
  void parse_rejectsBareNumberAsAmbiguous(String text) {
    assertThatThrownBy(() -> Durations.parse("dueTime", text))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining("\"" + text + "\" has no unit, which is ambiguous")
        .hasMessageContaining("10s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"P1Y", "P2M", "P1Y2M3D", "p1m", "P0Y"})
  void parse_rejectsYearsAndMonths(String text) {
    assertThatThrownBy(() -> Durations.parse("period", text))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining("\"" + text + "\" uses years or months, which have no fixed length")
        .hasMessageContaining("P30D")
        .hasMessageContaining("cron");
  }

  @Test
  void parse_rejectsDayUnitInGoStyleWithHint() {
    assertThatThrownBy(() -> Durations.parse("ttl", "1d"))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining("ttl: \"1d\" uses a day unit")
        .hasMessageContaining("24h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808s", "99999999999999999999h", "P999999999999999999999D",
      "PT9223372036854775808S"})
  void parse_rejectsOverflowWithScheduleException(String text) {
    assertThatThrownBy(() -> Durations.parse("period", text))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("period: \"" + text + "\" is too large to represent");
  }

  @Test
  void parse_rejectsEmptyText() {
    assertThatThrownBy(() -> Durations.parse("period", " "))
        .isInstanceOf(ScheduleException.class)
        .hasMessageStartingWith("period: is empty (expected");
  }

  @Test
  void parse_rejectsOverlongTextAndShortensItInTheMessage() {
    String text = "1".repeat(200) + "s";
    assertThatThrownBy(() -> Durations.parse("period", text))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining("is longer than 128 characters")
        .hasMessageContaining("...\"");
    assertThat(catchThrown(() -> Durations.parse("period", text)).getMessage().length()).isLessThan(150);
  }

  private static Throwable catchThrown(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("nothing thrown");
  }
}
