package io.capa.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgsTest {
  @Test
  void parse_readsValuesAndFallsBackToDefaults() {
    Args a = Args.parse(new String[] {"--callers", "1_000", "--round", "250ms", "--backend", "postgres"});
    assertThat(a.integer("callers", 64)).isEqualTo(1000);
    assertThat(a.integer("ids", 7)).isEqualTo(7);
    assertThat(a.duration("round", "5s")).isEqualTo(Duration.ofMillis(250));
    assertThat(a.duration("warmup", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(a.string("backend", "h2")).isEqualTo("postgres");
  }

  @Test
  void parse_danglingNameIsRejected() {
    assertThatThrownBy(() -> Args.parse(new String[] {"--callers"})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void duration_unknownUnitIsRejected() {
    Args a = Args.parse(new String[] {"--round", "5h"});
    assertThatThrownBy(() -> a.duration("round", "1s")).hasMessageContaining("round");
  }
}
