package io.capa.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @Test
  void parse_goStyle() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("0h0m3s0ms")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2us")).isEqualTo(Duration.ofNanos(2000));
    assertThat(Durations.parse("2\u00b5s")).isEqualTo(Duration.ofNanos(2000));
    assertThat(Durations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse(" 60m ")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("+1s")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void parse_iso8601() {
    assertThat(Durations.parse("PT60M")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("pt1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("P1DT2H")).isEqualTo(Duration.ofHours(26));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "10", "ms", "5 s", "1x", "1.2.3s", "s5", "1h 30m", "+", ".s", "P1M", "PT", "1sm"})
  void parse_rejectsMalformed(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_rejectsNegativeDuration() {
    assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Durations.parse("PT-5S")).hasMessageContaining("must not be negative");
  }

  @Test
  void parse_rejectsOverflowAndSubNanosecond() {
    assertThatThrownBy(() -> Durations.parse("9999999999h")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Durations.parse("0.5ns")).hasMessageContaining("finer than 1ns");
  }
}
