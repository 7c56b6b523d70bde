package io.capa.api.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockRecordsTest {
  @Test
  void lockRequest_zeroExpiry_namesExpiry() {
    assertThatThrownBy(() -> new LockRequest("redis", "order-1", "worker-7", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expiry");
  }

  @Test
  void lockRequest_negativeExpiry_rejected() {
    assertThatThrownBy(() -> new LockRequest("redis", "order-1", "worker-7", Duration.ofSeconds(-5)))
        .hasMessageContaining("expiry");
  }

  @Test
  void lockRequest_missingExpiry_namesExpiry() {
    assertThatThrownBy(() -> new LockRequest("redis", "order-1", "worker-7", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("expiry");
  }

  @Test
  void lockRequest_blankOwner_namesLockOwner() {
    assertThatThrownBy(() -> new LockRequest("redis", "order-1", "", Duration.ofSeconds(5)))
        .hasMessageContaining("lockOwner");
  }

  @Test
  void unlockRequest_blankResource_namesResourceId() {
    assertThatThrownBy(() -> new UnlockRequest("redis", " ", "worker-7"))
        .hasMessageContaining("resourceId");
  }

  @Test
  void unlockStatus_values_coverTheFourOutcomes() {
    assertThat(UnlockStatus.values())
        .extracting(Enum::name)
        .containsExactly("SUCCESS", "LOCK_DOES_NOT_EXIST", "LOCK_BELONGS_TO_OTHERS", "INTERNAL_ERROR");
  }
}
