package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.actors.ActorId;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Past the active-entity limit, the least recently used actors are passivated and keep their state. */
class ActiveEntityLimitTest {
  @Test
  void activations_pastTheLimit_passivateLeastRecentlyUsed() throws Exception {
    try (ActorRuntime runtime =
        ActorRuntime.builder()
            .register(TestActors.keeper())
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", Files.createTempDirectory("capa-limit").toString())
            .setting("capa.actors.active-entity-limit", 20)
            .start()) {
      for (int i = 0; i < 60; i++) {
        runtime.client().proxy(TestActors.KeeperApi.class, new ActorId("Keeper", "lru-" + i)).add((long) i);
      }
      long active =
          runtime.service().actorTypes().toCompletableFuture().join().get(0).activeCount();
      assertThat(active).isLessThanOrEqualTo(20 + 1);
      assertThat(TestActors.EVENTS.getOrDefault("lru-0", java.util.List.of())).contains("deactivate");
      assertThat(runtime.client().proxy(TestActors.KeeperApi.class, new ActorId("Keeper", "lru-0")).total()).isZero();
      assertThat(runtime.client().proxy(TestActors.KeeperApi.class, new ActorId("Keeper", "lru-7")).total()).isEqualTo(7);
    }
  }
}
