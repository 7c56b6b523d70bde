package io.capa.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {
  @Test
  void fromCode_everyCode_readsBackItsOwnConstant() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(ErrorCode.fromCode(c.code())).contains(c);
    }
  }

  @Test
  void fromCode_unknownOrNull_isEmpty() {
    assertThat(ErrorCode.fromCode("ERR_NO_SUCH_THING")).isEmpty();
    assertThat(ErrorCode.fromCode("OVERLOADED")).isEmpty();
    assertThat(ErrorCode.fromCode(null)).isEmpty();
  }
}
