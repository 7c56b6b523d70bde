package io.capa.actors.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  @ParameterizedTest
  @CsvSource({
    "2026-01-02T03:04:05Z, 2026-01-02T03:04:05Z",
    "2026-01-02t03:04:05z, 2026-01-02T03:04:05Z",
    "2026-01-02T05:04:05+02:00, 2026-01-02T03:04:05Z",
    "2026-01-01T22:04:05-05:00, 2026-01-02T03:04:05Z",
    "2026-01-02T03:04:05.123456789Z, 2026-01-02T03:04:05.123456789Z",
    "2026-01-02T03:04:05.5+00:00, 2026-01-02T03:04:05.500Z",
    "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
  })
  void parse_acceptsInstantsWithOffsets(String text, String expected) {
    assertThat(Rfc3339.parse("dueTime", text)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void parse_rejectsLocalTimeWithoutOffset() {
    assertThatThrownBy(() -> Rfc3339.parse("ttl", "2026-01-02T03:04:05"))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("ttl: \"2026-01-02T03:04:05\" has no UTC offset"
            + " (expected an RFC 3339 instant ending in Z or an offset such as +02:00)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-02T03:04:05Z", "2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
      "2026-01-02", "2026-01-02T25:00:00Z", "2026-01-02T03:04:05+25:00"})
  void parse_rejectsInvalidInstants(String text) {
    assertThatThrownBy(() -> Rfc3339.parse("dueTime", text))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("dueTime: cannot parse \"" + text + "\" (expected an RFC 3339 instant such as 2026-01-02T03:04:05Z)");
  }

  @Test
  void looksLikeInstant_tellsDatesFromDurations() {
    assertThat(Rfc3339.looksLikeInstant("2026-01-02T03:04:05Z")).isTrue();
    assertThat(Rfc3339.looksLikeInstant("2026-01-02")).isTrue();
    assertThat(Rfc3339.looksLikeInstant("PT10S")).isFalse();
    assertThat(Rfc3339.looksLikeInstant("2026s")).isFalse();
    assertThat(Rfc3339.looksLikeInstant("1h30m")).isFalse();
  }
}
