package io.capa.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.FailurePolicy;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleRecordsTest {
  private static final ScheduleTarget APP = ScheduleTarget.app("billing", "close-day");

  @Test
  void scheduleSpec_blankCron_namesCron() {
    assertThatThrownBy(() -> ScheduleSpec.of("nightly", "  ", APP, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cron");
  }

  @Test
  void scheduleSpec_nameWithSlash_rejected() {
    assertThatThrownBy(() -> ScheduleSpec.of("a/b", "@daily", APP, null))
        .hasMessageContaining("must not contain '/'");
  }

  @Test
  void scheduleSpec_missingTarget_namesTarget() {
    assertThatThrownBy(() -> ScheduleSpec.of("nightly", "@daily", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("target");
  }

  @Test
  void scheduleSpec_nulls_takeDefaults() {
    ScheduleSpec s = new ScheduleSpec("nightly", " 0 0 2 * * * ", APP, null, null, null);
    assertThat(s.cron()).isEqualTo("0 0 2 * * *");
    assertThat(s.data()).isEmpty();
    assertThat(s.until()).isEmpty();
    assertThat(s.failurePolicy()).isEqualTo(FailurePolicy.drop());
  }

  @Test
  void scheduleTarget_actorWithBlankMethod_namesMethod() {
    assertThatThrownBy(() -> ScheduleTarget.actor(new ActorId("Counter", "c1"), ""))
        .hasMessageContaining("method");
  }

  @Test
  void scheduleTarget_appWithBlankAppId_namesAppId() {
    assertThatThrownBy(() -> ScheduleTarget.app(" ", "m")).hasMessageContaining("appId");
  }

  @Test
  void scheduleInfo_negativeFired_rejected() {
    ScheduleSpec spec = ScheduleSpec.of("nightly", "@daily", APP, null);
    assertThatThrownBy(() -> new ScheduleInfo(spec, Instant.EPOCH, Optional.empty(), -1))
        .hasMessageContaining("fired");
    assertThat(new ScheduleInfo(spec, Instant.EPOCH, null, 0).name()).isEqualTo("nightly");
  }
}
