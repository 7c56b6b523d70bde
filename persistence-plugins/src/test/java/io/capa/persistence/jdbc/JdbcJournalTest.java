package io.capa.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Journal behaviour beyond the TCK, on every backend: the two data bugs of
 * pekko-persistence-jdbc 1.1 (replay ending at a gap; the highest sequence number lost on
 * delete), unreadable rows, and batching across persistence ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcJournalTest {
  private static final int PAGE = 3;

  private final Map<TestBackend, ActorSystem> systems = new EnumMap<>(TestBackend.class);

  private JournalHarness journal(TestBackend backend) {
    ActorSystem system = systems.computeIfAbsent(backend, b -> ActorSystem.create("journal-test",
        ConfigFactory.parseString("capa.persistence.jdbc.journal.replay-page-size = " + PAGE)
            .withFallback(b.freshConfig(prefix(b)))
            .withFallback(ConfigFactory.load())));
    return new JournalHarness(system, JdbcPersistence.JOURNAL_PLUGIN_ID);
  }

  private static String prefix(TestBackend backend) {
    return "jt_" + backend.name().toLowerCase();
  }

  @AfterAll
  void stop() throws Exception {
    for (ActorSystem s : systems.values()) {
      s.terminate();
      s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static String newId() {
    return "pid-" + UUID.randomUUID();
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void replay_gapsWiderThanAPage_replaysEveryEvent(TestBackend backend) throws Throwable {
    JournalHarness j = journal(backend);
    String id = newId();
    j.write(id, 1, 2, 3, 4, 11, 12, 13, 30);
    assertThat(j.replaySeqs(id)).containsExactly(1L, 2L, 3L, 4L, 11L, 12L, 13L, 30L);
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void replay_gapLeftByDeletedRows_replaysEveryRemainingEvent(TestBackend backend)
      throws Throwable {
    JournalHarness j = journal(backend);
    String id = newId();
    j.write(id, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    try (Connection c = backend.connect(prefix(backend));
        PreparedStatement ps = c.prepareStatement(
        "DELETE FROM " + prefix(backend) + "_journal"
            + " WHERE persistence_id = ? AND sequence_number BETWEEN 2 AND 8")) {
      ps.setString(1, id);
      assertThat(ps.executeUpdate()).isEqualTo(7);
    }
    assertThat(j.replaySeqs(id)).containsExactly(1L, 9L, 10L);
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void replay_fromToMax_honoursAllThree(TestBackend backend) throws Throwable {
    JournalHarness j = journal(backend);
    String id = newId();
    j.write(id, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(j.replay(id, 3, 9, 4)).extracting(r -> r.sequenceNr())
        .containsExactly(3L, 4L, 5L, 6L);
    assertThat(j.replay(id, 8, 9, 100)).extracting(r -> r.sequenceNr())
        .containsExactly(8L, 9L);
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void deleteMessagesTo_everything_keepsHighestSequenceNr(TestBackend backend)
      throws Throwable {
    JournalHarness j = journal(backend);
    String id = newId();
    j.write(id, 1, 2, 3, 4, 5);
    j.deleteTo(id, Long.MAX_VALUE);
    assertThat(j.replaySeqs(id)).isEmpty();
    assertThat(j.highest(id)).isEqualTo(5);
    j.write(id, 6);
    assertThat(j.replaySeqs(id)).containsExactly(6L);
    j.deleteTo(id, 6);
    assertThat(j.highest(id)).isEqualTo(6);
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void deleteMessagesTo_prefix_replaysTheRest(TestBackend backend) throws Throwable {
    JournalHarness j = journal(backend);
    String id = newId();
    j.write(id, 1, 2, 3, 4, 5);
    j.deleteTo(id, 3);
    assertThat(j.replaySeqs(id)).containsExactly(4L, 5L);
    assertThat(j.highest(id)).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void replay_rowWithUnknownSerializer_failsNamingPersistenceIdAndSequenceNr(
      TestBackend backend) throws Throwable {
    JournalHarness j = journal(backend);
    String id = newId();
    j.write(id, 1);
    try (Connection c = backend.connect(prefix(backend));
        PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + prefix(backend) + "_journal (persistence_id,"
            + " sequence_number, deleted, writer_uuid, write_timestamp, event_manifest, ser_id,"
            + " ser_manifest, payload) VALUES (?, 2, FALSE, 'w', 0, '', 987654, 'm', ?)")) {
      ps.setString(1, id);
      ps.setBytes(2, new byte[] {1, 2, 3});
      ps.executeUpdate();
    }
    assertThatThrownBy(() -> j.replaySeqs(id))
        .isInstanceOf(UnreadableRowException.class)
        .hasMessageContaining(id)
        .hasMessageContaining("sequence number 2")
        .hasMessageContaining("987654");
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void writeMessages_taggedPayload_storesTagsAndReplaysThePlainPayload(TestBackend backend)
      throws Throwable {
    JournalHarness j = journal(backend);
    String id = newId();
    j.writePayloads(id, new Tagged("hello", Set.of("blue", "green")), "untagged");
    assertThat(j.replay(id, 1, Long.MAX_VALUE, Long.MAX_VALUE))
        .extracting(r -> r.payload()).containsExactly("hello", "untagged");
    try (Connection c = backend.connect(prefix(backend));
        PreparedStatement ps = c.prepareStatement("SELECT tags FROM " + prefix(backend)
            + "_journal WHERE persistence_id = ? ORDER BY sequence_number")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1).split(",")).containsExactlyInAnyOrder("blue", "green");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isNull();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void writeMessages_manyPersistenceIdsAtOnce_persistAllInSharedTransactions(
      TestBackend backend) throws Throwable {
    JournalHarness j = journal(backend);
    ActorSystem system = systems.get(backend);
    WriterStats before = stats(system);
    int ids = 1000;
    List<String> names = java.util.stream.IntStream.range(0, ids).mapToObj(i -> newId()).toList();
    TestKit probe = new TestKit(system);
    for (String id : names) {
      j.sendWrite(probe.getRef(), id, 1);
    }
    List<Object> replies = probe.receiveN(2 * ids, JournalHarness.TIMEOUT);
    assertThat(replies).filteredOn(r -> r instanceof JournalProtocol.WriteMessageSuccess)
        .hasSize(ids);
    for (int i = 0; i < ids; i += 100) {
      assertThat(j.replaySeqs(names.get(i))).containsExactly(1L);
    }
    WriterStats after = stats(system);
    long units = after.units() - before.units();
    long transactions = after.transactions() - before.transactions();
    System.out.printf("%s: %d AtomicWrites in %d transactions%n", backend, units, transactions);
    assertThat(units).isEqualTo(ids);
    // Calls queue up while a transaction is in flight, so far fewer transactions than calls.
    assertThat(transactions).isLessThan(ids / 2);
  }

  private static WriterStats stats(ActorSystem system) {
    return JdbcPersistence.journalWriterStats(system, JdbcPersistence.JOURNAL_PLUGIN_ID)
        .orElse(new WriterStats(0, 0, 0, 0));
  }
}
