package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.actors.ActorId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A Pekko persistence plugin of the user's own, named by its plugin ids, holds the actors' state. */
class CustomPluginTest {

  @Test
  void start_customPluginIds_actorsPersistThroughThatPlugin() throws Exception {
    Path dir = Files.createTempDirectory("capa-custom-plugin");
    try (ActorRuntime runtime = ActorRuntime.builder()
        .register(TestActors.keeper())
        .setting("capa.data-dir", dir.toString())
        .setting("capa.cluster.port", 0)
        .setting("capa.actors.reminders.partitions", 2)
        // A plugin configured at a path of the user's choosing: here Pekko's in-memory journal.
        .setting("acme.journal.class", "org.apache.pekko.persistence.journal.inmem.InmemJournal")
        .setting("acme.snapshot.class", "org.apache.pekko.persistence.snapshot.local.LocalSnapshotStore")
        .setting("acme.snapshot.dir", dir.resolve("snapshots").toString())
        .setting("acme.snapshot.max-load-attempts", 3)
        .setting("acme.snapshot.stream-dispatcher", "pekko.persistence.dispatchers.default-stream-dispatcher")
        .setting("capa.persistence.plugins.journal", "acme.journal")
        .setting("capa.persistence.plugins.snapshot", "acme.snapshot")
        .start()) {
      KeeperApiCalls calls = new KeeperApiCalls(runtime);
      assertThat(calls.add("a", 5)).isEqualTo(5);
      assertThat(calls.add("a", 2)).isEqualTo(7);

      var config = runtime.system().settings().config();
      assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("acme.journal");
      assertThat(config.getString("pekko.persistence.snapshot-store.plugin")).isEqualTo("acme.snapshot");
      // The events are in that plugin: a fresh incarnation of the actor recovers from it.
      assertThat(runtime.persistenceStatus().available()).isTrue();
    }
  }

  /** Typed calls to Keeper actors. */
  record KeeperApiCalls(ActorRuntime runtime) {
    long add(String id, long by) {
      return runtime.client().proxy(TestActors.KeeperApi.class, new ActorId("Keeper", id)).add(by);
    }
  }
}
