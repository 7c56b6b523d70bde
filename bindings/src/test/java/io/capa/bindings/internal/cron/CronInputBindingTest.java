package io.capa.bindings.internal.cron;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.api.InputBindings;
import io.capa.bindings.spi.BindingStreams;
import io.capa.bindings.spi.InputBinding;
import io.capa.components.testkit.MapComponents;
import io.capa.bindings.testing.RecordingTarget;
import io.capa.bindings.testing.TestConfigs;
import io.capa.components.api.ComponentParseException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CronInputBindingTest {

  private static CronSchedule schedule(String text) {
    return CronSchedule.parse(TestConfigs.config("c", "bindings.cron", Map.of("schedule", text)));
  }

  @Test
  void parse_fiveSixFieldsShorthandsAndEvery_giveTheNextFiring() {
    ZonedDateTime t = ZonedDateTime.of(2026, 3, 10, 12, 34, 56, 0, ZoneOffset.UTC);
    assertThat(schedule("*/15 * * * *").next(t)).isEqualTo(t.withMinute(45).withSecond(0));
    assertThat(schedule("30 * * * * *").next(t)).isEqualTo(t.withMinute(35).withSecond(30));
    assertThat(schedule("@daily").next(t)).isEqualTo(t.plusDays(1).withHour(0).withMinute(0).withSecond(0));
    assertThat(schedule("@hourly").next(t)).isEqualTo(t.withHour(13).withMinute(0).withSecond(0));
    assertThat(schedule("@every 10s").next(t)).isEqualTo(t.plusSeconds(10));
    assertThat(schedule("@every 1m30s").next(t)).isEqualTo(t.plusSeconds(90));
  }

  @Test
  void parse_garbage_namesTheScheduleField() {
    for (String bad : new String[] {"every day", "@every", "@every -5s", "61 * * * *", "* * *"}) {
      assertThatThrownBy(() -> schedule(bad)).as(bad)
          .isInstanceOf(ComponentParseException.class).hasMessageContaining("schedule").hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> new CronBindingFactory().create(TestConfigs.config("c", "bindings.cron",
            Map.of("schedule", "@every 1s", "timeZone", "Mars/Olympus")), TestConfigs.context()))
        .hasMessageContaining("timeZone");
  }

  @Test
  void events_every200ms_reachTheTargetRepeatedly() {
    InputBinding cron = (InputBinding) new CronBindingFactory().create(TestConfigs.config("tick", "bindings.cron",
        Map.of("schedule", "@every 200ms")), TestConfigs.context());
    RecordingTarget target = new RecordingTarget();
    MapComponents components = new MapComponents().put("tick", cron);
    try (InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
        BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING)) {
      run.start();
      await("three firings", 30, () -> target.received.size() >= 3);
    }
    assertThat(target.metadata.get(0)).containsKeys("firedAt", "schedule");
    ZonedDateTime first = ZonedDateTime.parse(target.metadata.get(0).get("firedAt"));
    ZonedDateTime second = ZonedDateTime.parse(target.metadata.get(1).get("firedAt"));
    assertThat(second).isAfter(first);
  }

  @Test
  void start_cronWithPlacement_isPlacedNotStarted_untilThePlacementStartsItHere() {
    InputBinding cron = (InputBinding) new CronBindingFactory().create(TestConfigs.config("tick", "bindings.cron",
        Map.of("schedule", "@every 200ms")), TestConfigs.context());
    assertThat(cron.clusterSingleton()).isTrue();
    RecordingTarget target = new RecordingTarget();
    MapComponents components = new MapComponents().put("tick", cron);
    List<String> placed = new CopyOnWriteArrayList<>();
    InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
        BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING, (inputs, name) -> placed.add(name));
    try (run) {
      run.start();
      assertThat(placed).containsExactly("tick");
      assertThat(run.running()).isEmpty();

      run.startHere("tick");
      run.startHere("tick");
      assertThat(run.running()).containsExactly("tick");
      await("a firing on the node the placement chose", 30, () -> !target.received.isEmpty());

      run.stop("tick");
      assertThat(run.running()).isEmpty();
      run.startHere("gone");
      assertThat(run.running()).isEmpty();
      assertThat(run.problems()).isEmpty();
    }
    run.startHere("tick");
    assertThat(run.running()).as("nothing starts once closed").isEmpty();
  }
}
