package io.capa.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.state.DurableStateStoreRegistry;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rows no serializer can read fail loudly, naming the persistence id, in every store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadableRowTest {
  private static final int UNKNOWN_SERIALIZER = 987654;

  private final Map<TestBackend, ActorSystem> systems = new EnumMap<>(TestBackend.class);

  private ActorSystem system(TestBackend backend) {
    return systems.computeIfAbsent(backend, b -> ActorSystem.create("unreadable-row-test",
        b.freshConfig(prefix(b))));
  }

  private static String prefix(TestBackend backend) {
    return "ur_" + backend.name().toLowerCase();
  }

  @AfterAll
  void stop() throws Exception {
    for (ActorSystem s : systems.values()) {
      s.terminate();
      s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void getObject_unknownSerializer_failsNamingPersistenceId(TestBackend backend)
      throws Exception {
    JdbcDurableStateStore<?> store = DurableStateStoreRegistry.get(system(backend))
        .getDurableStateStoreFor(JdbcDurableStateStore.class, JdbcPersistence.STATE_PLUGIN_ID);
    String id = "state-" + UUID.randomUUID();
    try (Connection c = backend.connect(prefix(backend));
        PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + prefix(backend) + "_state (persistence_id, revision, ser_id,"
            + " ser_manifest, payload, state_timestamp) VALUES (?, 7, ?, 'm', ?, 0)")) {
      ps.setString(1, id);
      ps.setInt(2, UNKNOWN_SERIALIZER);
      ps.setBytes(3, new byte[] {1});
      ps.executeUpdate();
    }
    assertThat(store.getObject(id).toCompletableFuture()).failsWithin(20, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(UnreadableRowException.class)
        .withMessageContaining(id).withMessageContaining("sequence number 7");
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void loadSnapshot_unknownSerializer_failsNamingPersistenceId(TestBackend backend)
      throws Exception {
    ActorSystem system = system(backend);
    String id = "snap-" + UUID.randomUUID();
    TestKit probe = new TestKit(system);
    org.apache.pekko.actor.ActorRef snapshots = Persistence.get(system).snapshotStoreFor(
        JdbcPersistence.SNAPSHOT_PLUGIN_ID, com.typesafe.config.ConfigFactory.empty());
    // The store creates its table when it starts; one load makes sure it has.
    snapshots.tell(new SnapshotProtocol.LoadSnapshot("other-" + id,
        SnapshotSelectionCriteria.latest(), Long.MAX_VALUE), probe.getRef());
    probe.expectMsgClass(java.time.Duration.ofSeconds(20),
        SnapshotProtocol.LoadSnapshotResult.class);
    try (Connection c = backend.connect(prefix(backend));
        PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + prefix(backend) + "_snapshot (persistence_id, sequence_number,"
            + " created, ser_id, ser_manifest, payload) VALUES (?, 3, 1, ?, 'm', ?)")) {
      ps.setString(1, id);
      ps.setInt(2, UNKNOWN_SERIALIZER);
      ps.setBytes(3, new byte[] {1});
      ps.executeUpdate();
    }
    snapshots.tell(new SnapshotProtocol.LoadSnapshot(id,
            SnapshotSelectionCriteria.latest(), Long.MAX_VALUE), probe.getRef());
    SnapshotProtocol.LoadSnapshotFailed failed = probe.expectMsgClass(
        java.time.Duration.ofSeconds(20), SnapshotProtocol.LoadSnapshotFailed.class);
    assertThat(failed.cause()).isInstanceOf(UnreadableRowException.class)
        .hasMessageContaining(id).hasMessageContaining("sequence number 3");
  }
}
