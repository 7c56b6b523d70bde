package io.capa.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void median_oddAndEvenCounts() {
    assertThat(Table.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Table.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void median_emptyIsRejected() {
    assertThatThrownBy(() -> Table.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void row_wrongCellCountIsRejected() {
    Table t = new Table("t", "a", "b");
    assertThatThrownBy(() -> t.row("only one")).hasMessageContaining("1 cells");
  }

  @Test
  void ms_formatsMicrosAsMillis() {
    assertThat(Table.ms(1_234)).isEqualTo("1.234");
  }
}
