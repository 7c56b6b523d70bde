package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderSpec;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Activation and passivation: hooks, idle timeout, and state and reminders outliving activations. */
class PassivationTest {
  static ActorRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime =
        ActorRuntime.builder()
            .register(TestActors.keeper().withOptions(ActorTypeOptions.defaults().withIdleTimeout(Duration.ofMillis(500))))
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", Files.createTempDirectory("capa-passivation").toString())
            .start();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  static TestActors.KeeperApi keeper(String id) {
    return runtime.client().proxy(TestActors.KeeperApi.class, new ActorId("Keeper", id));
  }

  static void awaitEvent(String id, String event, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (occurrences(id, event) < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(occurrences(id, event)).as(id + " " + event).isGreaterThanOrEqualTo(count);
  }

  static long occurrences(String id, String event) {
    return TestActors.EVENTS.getOrDefault(id, java.util.List.of()).stream().filter(event::equals).count();
  }

  @Test
  void idleActor_isPassivated_andKeepsItsStateOnReactivation() throws Exception {
    assertThat(keeper("idle").add(41L)).isEqualTo(41);
    awaitEvent("idle", "deactivate", 1);
    assertThat(keeper("idle").add(1L)).isEqualTo(42);
    assertThat(occurrences("idle", "activate")).isEqualTo(2);
  }

  @Test
  void reminder_firesOnPassivatedActor_andDoesNotKeepItActive() throws Exception {
    ActorId id = new ActorId("Keeper", "sleeper");
    runtime.service().registerReminder(id, ReminderSpec.of("wake", "2s", "")).toCompletableFuture().join();
    // The registration never touched the actor: reminders live in their own partitions.
    assertThat(occurrences("sleeper", "activate")).isZero();
    awaitEvent("sleeper", "reminder:wake", 1);
    assertThat(occurrences("sleeper", "activate")).isEqualTo(1);
    awaitEvent("sleeper", "deactivate", 1);
    assertThat(keeper("sleeper").total()).isEqualTo(1);
  }

  @Test
  void activeCount_fallsAfterPassivation() throws Exception {
    keeper("counted-1").add(1L);
    keeper("counted-2").add(1L);
    awaitEvent("counted-1", "deactivate", 1);
    awaitEvent("counted-2", "deactivate", 1);
    long active =
        runtime.service().actorTypes().toCompletableFuture().join().stream()
            .filter(t -> t.type().equals("Keeper"))
            .findFirst()
            .orElseThrow()
            .activeCount();
    assertThat(active).isLessThanOrEqualTo(1);
  }
}
