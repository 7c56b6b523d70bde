package io.capa.api.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequencerRecordsTest {
  @Test
  void nextIdRequest_blankKey_namesSequenceKey() {
    assertThatThrownBy(() -> NextIdRequest.of("redis", "", Increment.STRONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequence key");
  }

  @Test
  void nextIdRequest_blankStore_namesStore() {
    assertThatThrownBy(() -> NextIdRequest.of(" ", "orders", Increment.STRONG))
        .hasMessageContaining("sequencer store");
  }

  @Test
  void nextIdRequest_nullIncrement_defaultsToWeak() {
    assertThat(new NextIdRequest("redis", "orders", null, null).increment()).isEqualTo(Increment.WEAK);
  }
}
