package io.capa.benchmarks.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReminderLoadTest {
  @Test
  void spread_anyPrefixFillsEveryTenthOfThePeriodEvenly() {
    long period = 2_000;
    for (int prefix : new int[] {1_000, 4_321, 50_000}) {
      int[] perTenth = new int[10];
      for (int i = 0; i < prefix; i++) {
        long offset = ReminderLoad.spread(i, period);
        assertThat(offset).isBetween(0L, period - 1);
        perTenth[(int) (offset * 10 / period)]++;
      }
      for (int count : perTenth) {
        // A flat firing rate: each tenth of the period holds a tenth of the reminders, within 2 %.
        assertThat(count).isBetween((int) (prefix * 0.098), (int) (prefix * 0.102) + 1);
      }
    }
  }
}
