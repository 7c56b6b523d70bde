package io.capa.persistence.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import io.capa.persistence.redis.internal.Keys;
import io.capa.persistence.redis.internal.Records;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Journal behaviour beyond the TCK on the shared Redis: gaps, from/to/max, the highest sequence
 * number across deletion, the server-side sequence number check, many ids at once, a large
 * event, persistence ids with braces, and stored values that cannot be read back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisJournalTest {
  private static final int PAGE = 3;
  private static final int UNKNOWN_SERIALIZER = 987654;

  private final RedisTestSupport redis = RedisTestSupport.create("journal");
  private final Keys keys = redis.keys("journal");
  private ActorSystem system;
  private JournalProbe journal;

  @BeforeAll
  void start() {
    system = ActorSystem.create("redis-journal-test", ConfigFactory.parseString(
            "capa.persistence.redis.journal.replay-page-size = " + PAGE)
        .withFallback(redis.config()).withFallback(ConfigFactory.load()));
    journal = new JournalProbe(system, RedisPersistence.JOURNAL_PLUGIN_ID);
  }

  @AfterAll
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    redis.close();
  }

  private static String newId() {
    return "pid-" + UUID.randomUUID();
  }

  private static long[] range(int from, int to) {
    return IntStream.rangeClosed(from, to).asLongStream().toArray();
  }

  @Test
  void replay_gapsWiderThanAPage_replaysEveryEvent() throws Throwable {
    String id = newId();
    journal.write(id, 1, 2, 3, 4, 11, 12, 13, 30);
    assertThat(journal.replaySeqs(id)).containsExactly(1L, 2L, 3L, 4L, 11L, 12L, 13L, 30L);
  }

  @Test
  void replay_gapLeftByEventsRemovedInRedis_replaysEveryRemainingEvent() throws Throwable {
    String id = newId();
    journal.write(id, range(1, 10));
    assertThat(redis.redis().zremrangebyscore(key(id, "events"), Range.create(2, 8)))
        .isEqualTo(7);
    assertThat(journal.replaySeqs(id)).containsExactly(1L, 9L, 10L);
  }

  @Test
  void replay_fromToMax_honoursAllThree() throws Throwable {
    String id = newId();
    journal.write(id, range(1, 10));
    assertThat(journal.replay(id, 3, 9, 4)).extracting(PersistentRepr::sequenceNr)
        .containsExactly(3L, 4L, 5L, 6L);
    assertThat(journal.replay(id, 8, 9, 100)).extracting(PersistentRepr::sequenceNr)
        .containsExactly(8L, 9L);
    // max a whole number of pages: the replay must stop exactly there.
    assertThat(journal.replay(id, 1, Long.MAX_VALUE, 2 * PAGE))
        .extracting(PersistentRepr::sequenceNr).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(journal.replay(id, 11, Long.MAX_VALUE, 100)).isEmpty();
  }

  @Test
  void deleteMessagesTo_everything_keepsHighestSequenceNr() throws Throwable {
    String id = newId();
    journal.write(id, 1, 2, 3, 4, 5);
    journal.deleteTo(id, Long.MAX_VALUE);
    assertThat(journal.replaySeqs(id)).isEmpty();
    assertThat(journal.highest(id)).isEqualTo(5);
    assertThat(redis.redis().exists(key(id, "events"))).as("no event is left").isZero();
    journal.write(id, 6);
    assertThat(journal.replaySeqs(id)).containsExactly(6L);
    journal.deleteTo(id, 6);
    assertThat(journal.highest(id)).isEqualTo(6);
  }

  @Test
  void deleteMessagesTo_prefix_replaysTheRest() throws Throwable {
    String id = newId();
    journal.write(id, 1, 2, 3, 4, 5);
    journal.deleteTo(id, 3);
    assertThat(journal.replaySeqs(id)).containsExactly(4L, 5L);
    assertThat(journal.highest(id)).isEqualTo(5);
  }

  @Test
  void writeMessages_sequenceNrNotAboveHighest_failsWholeCallNamingId() throws Throwable {
    String id = newId();
    journal.write(id, 1, 2, 3);
    Throwable failure = journal.tryWrite(id, 3, 4);
    assertThat(failure).isInstanceOfSatisfying(RedisPersistenceException.class,
        e -> assertThat(e.reason())
            .isEqualTo(RedisPersistenceException.Reason.SEQUENCE_NUMBER_TAKEN))
        .hasMessageContaining(id).hasMessageContaining("sequence number 3 is not above 3");
    assertThat(journal.replaySeqs(id)).as("nothing of the refused call")
        .containsExactly(1L, 2L, 3L);
    assertThat(journal.highest(id)).isEqualTo(3);

    // Deleted sequence numbers are never handed out again.
    journal.deleteTo(id, 3);
    assertThat(journal.tryWrite(id, 2)).isInstanceOf(RedisPersistenceException.class)
        .hasMessageContaining(id);
    journal.write(id, 4);
    assertThat(journal.replaySeqs(id)).containsExactly(4L);
  }

  @Test
  void writeMessages_manyIdsConcurrently_allStoredAndKnown() throws Throwable {
    int ids = 1000;
    List<String> names = IntStream.range(0, ids).mapToObj(i -> newId()).toList();
    TestKit probe = new TestKit(system);
    long start = System.nanoTime();
    for (String id : names) {
      journal.sendWrite(probe.getRef(), id, 1, 2);
    }
    List<Object> replies = probe.receiveN(3 * ids, JournalProbe.TIMEOUT);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("Redis journal: %d calls of 2 events, all in flight at once, in %.0f ms"
        + " (%.0f calls/s)%n", ids, seconds * 1000, ids / seconds);
    assertThat(replies).filteredOn(r -> r instanceof JournalProtocol.WriteMessagesSuccessful$)
        .hasSize(ids);
    assertThat(replies).filteredOn(r -> r instanceof JournalProtocol.WriteMessageSuccess)
        .hasSize(2 * ids);
    for (int i = 0; i < ids; i += 50) {
      assertThat(journal.replaySeqs(names.get(i))).containsExactly(1L, 2L);
    }
    Set<byte[]> known = redis.redis().smembers(new String(keys.global("pids"),
        StandardCharsets.UTF_8));
    assertThat(known.stream().map(b -> new String(b, StandardCharsets.UTF_8)))
        .containsAll(names);
  }

  @Test
  void writeMessages_twoMebibyteEvent_roundTrips() throws Throwable {
    String id = newId();
    String large = "y".repeat(2 * 1024 * 1024 - 36) + UUID.randomUUID();
    journal.writePayloads(id, "small", large, "after");
    List<PersistentRepr> replayed = journal.replay(id, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(replayed).extracting(PersistentRepr::sequenceNr).containsExactly(1L, 2L, 3L);
    assertThat((String) replayed.get(1).payload()).isEqualTo(large);
  }

  @Test
  void writeMessages_taggedPayload_storesTagsAndReplaysThePlainPayload() throws Throwable {
    String id = newId();
    journal.writePayloads(id, new Tagged("hello", Set.of("blue", "green")), "untagged");
    assertThat(journal.replay(id, 1, Long.MAX_VALUE, Long.MAX_VALUE))
        .extracting(PersistentRepr::payload).containsExactly("hello", "untagged");
    List<byte[]> stored = redis.redis().zrange(key(id, "events"), 0, -1);
    assertThat(Records.decodeEvent(stored.get(0)).tags()).containsExactlyInAnyOrder("blue",
        "green");
    assertThat(Records.decodeEvent(stored.get(1)).tags()).isEmpty();
  }

  @Test
  void keys_persistenceIdsWithBraces_stayApartAndInOneSlotEach() throws Throwable {
    String raw = "order{" + UUID.randomUUID() + "}:events";
    String lookalike = raw.replace("{", "%7B").replace("}", "%7D");
    journal.write(raw, 1, 2);
    journal.write(lookalike, 1);
    assertThat(journal.replaySeqs(raw)).containsExactly(1L, 2L);
    assertThat(journal.replaySeqs(lookalike)).containsExactly(1L);
    for (String id : List.of(raw, lookalike)) {
      assertThat(SlotHash.getSlot(keys.of(id, "events")))
          .isEqualTo(SlotHash.getSlot(keys.of(id, "highest")));
    }
    assertThat(keys.of(raw, "events")).isNotEqualTo(keys.of(lookalike, "events"));
  }

  @Test
  void replay_unknownFormatVersion_failsNamingIdAndSequenceNr() throws Throwable {
    String id = newId();
    journal.write(id, 1);
    byte[] future = event(id, 2, serialized("two"));
    future[0] = 9;
    inject(id, 2, future);
    assertThatReplayFails(id, 2).hasMessageContaining("unknown record format version 9");
  }

  @Test
  void replay_unknownSerializerId_failsNamingIdAndSequenceNr() throws Throwable {
    String id = newId();
    journal.write(id, 1);
    inject(id, 2, event(id, 2, new Serialized(UNKNOWN_SERIALIZER, "m", new byte[] {1, 2, 3})));
    assertThatReplayFails(id, 2).hasMessageContaining("serializer id " + UNKNOWN_SERIALIZER);
  }

  @Test
  void replay_bytesTheSerializerRejects_failsNamingIdAndSequenceNr() throws Throwable {
    String id = newId();
    journal.write(id, 1);
    // Pekko's serializer of java.lang.Long reads exactly eight bytes.
    int longSerializer = SerializationExtension.get(system).findSerializerFor(42L).identifier();
    inject(id, 2, event(id, 2, new Serialized(longSerializer, "", new byte[] {1, 2, 3})));
    assertThatReplayFails(id, 2).hasMessageContaining("serializer id " + longSerializer)
        .hasMessageContaining("cannot read its 3 bytes");
  }

  @Test
  void replay_truncatedRecord_failsNamingIdAndSequenceNr() throws Throwable {
    String id = newId();
    journal.write(id, 1);
    byte[] whole = event(id, 2, serialized("two"));
    inject(id, 2, Arrays.copyOf(whole, whole.length - 4));
    assertThatReplayFails(id, 2).hasMessageContaining("cut short");
  }

  @Test
  void replay_garbageValue_failsInsteadOfSkipping() throws Throwable {
    String id = newId();
    journal.write(id, 1, 3);
    inject(id, 2, "not a record".getBytes(StandardCharsets.UTF_8));
    assertThatReplayFails(id, 2).hasMessageContaining("unknown record format version 110");
    // The events around the bad one are still readable on their own.
    assertThat(journal.replay(id, 1, 1, 10)).extracting(PersistentRepr::sequenceNr)
        .containsExactly(1L);
    assertThat(journal.replay(id, 3, 3, 10)).extracting(PersistentRepr::sequenceNr)
        .containsExactly(3L);
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertThatReplayFails(String id, long seq) {
    Throwable failure = null;
    try {
      journal.replaySeqs(id);
    } catch (Throwable t) {
      failure = t;
    }
    return assertThat(failure).as("replay of %s", id)
        .isInstanceOfSatisfying(UnreadableRecordException.class, e -> {
          assertThat(e.persistenceId()).isEqualTo(id);
          assertThat(e.sequenceNr()).isEqualTo(seq);
        })
        .hasMessageContaining("persistence id '" + id + "'")
        .hasMessageContaining("sequence number " + seq);
  }

  private Serialized serialized(Object value) {
    org.apache.pekko.serialization.Serializer s =
        SerializationExtension.get(system).findSerializerFor(value);
    return new Serialized(s.identifier(), "", s.toBinary(value));
  }

  private static byte[] event(String id, long seq, Serialized payload) {
    return Records.encode(new Records.Event(seq, 1L, "writer", "", payload, null, List.of()));
  }

  private void inject(String id, long seq, byte[] value) {
    redis.redis().zadd(key(id, "events"), seq, value);
    byte[] highest = redis.redis().get(key(id, "highest"));
    if (highest == null || Long.parseLong(new String(highest, StandardCharsets.UTF_8)) < seq) {
      redis.redis().set(key(id, "highest"), Long.toString(seq).getBytes(StandardCharsets.UTF_8));
    }
  }

  private String key(String id, String part) {
    return new String(keys.of(id, part), StandardCharsets.UTF_8);
  }
}
