package io.capa.persistence.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.capa.persistence.jdbc.RevisionConflictException;
import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import io.capa.persistence.redis.internal.Keys;
import io.capa.persistence.redis.internal.Records;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.state.DurableStateStoreRegistry;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Snapshot store and durable state store on the shared Redis: values that cannot be read back
 * fail naming the persistence id, the key layout, and where futures complete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStoresTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int UNKNOWN_SERIALIZER = 987654;

  private final RedisTestSupport redis = RedisTestSupport.create("stores");
  private final Keys snapshotKeys = redis.keys("snapshot");
  private final Keys stateKeys = redis.keys("state");
  private ActorSystem system;
  private RedisDurableStateStore<Object> store;
  private ActorRef snapshots;

  @BeforeAll
  void start() {
    system = ActorSystem.create("redis-stores-test",
        redis.config().withFallback(ConfigFactory.load()));
    @SuppressWarnings("unchecked")
    RedisDurableStateStore<Object> s = DurableStateStoreRegistry.get(system)
        .getDurableStateStoreFor(RedisDurableStateStore.class, RedisPersistence.STATE_PLUGIN_ID);
    store = s;
    snapshots = Persistence.get(system).snapshotStoreFor(RedisPersistence.SNAPSHOT_PLUGIN_ID,
        ConfigFactory.empty());
  }

  @AfterAll
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    redis.close();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    try {
      return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private Throwable failureOf(CompletableFuture<?> f) throws Exception {
    try {
      await(f);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  // ---- durable state

  @Test
  void getObject_unknownFormatVersion_failsNamingIdAndRevision() throws Exception {
    String id = "state-" + UUID.randomUUID();
    byte[] record = stateRecord(7, serialized("seven"));
    record[0] = 2;
    writeState(id, "7", record);
    assertThat(failureOf(store.getObject(id).toCompletableFuture()))
        .isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining("durable state of persistence id '" + id + "' at revision 7")
        .hasMessageContaining("unknown record format version 2");
  }

  @Test
  void getObject_unknownSerializerId_failsNamingIdAndRevision() throws Exception {
    String id = "state-" + UUID.randomUUID();
    writeState(id, "7", stateRecord(7, new Serialized(UNKNOWN_SERIALIZER, "m", new byte[] {1})));
    assertThat(failureOf(store.getObject(id).toCompletableFuture()))
        .isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining("'" + id + "' at revision 7")
        .hasMessageContaining("serializer id " + UNKNOWN_SERIALIZER);
  }

  @Test
  void getObject_bytesTheSerializerRejects_failsNamingIdAndRevision() throws Exception {
    String id = "state-" + UUID.randomUUID();
    int longSerializer = SerializationExtension.get(system).findSerializerFor(1L).identifier();
    writeState(id, "3", stateRecord(3, new Serialized(longSerializer, "", new byte[] {9})));
    assertThat(failureOf(store.getObject(id).toCompletableFuture()))
        .isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining("'" + id + "' at revision 3")
        .hasMessageContaining("cannot read its 1 bytes");
  }

  @Test
  void getObject_revisionFieldNotANumber_failsNamingId() throws Exception {
    String id = "state-" + UUID.randomUUID();
    writeState(id, "seven", stateRecord(7, serialized("seven")));
    assertThat(failureOf(store.getObject(id).toCompletableFuture()))
        .isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining(id).hasMessageContaining("'seven', not a number");
  }

  @Test
  void upsertObject_layout_oneHashWithRevisionAndRecord() throws Exception {
    String id = "layout-" + UUID.randomUUID();
    await(store.upsertObject(id, 1, "one", "my-tag").toCompletableFuture());
    await(store.deleteObject(id, 2).toCompletableFuture());
    String key = new String(stateKeys.of(id, ""), StandardCharsets.UTF_8);
    assertThat(key).isEqualTo(redis.prefix() + ":state:{" + id + "}");
    assertThat(new String(redis.redis().hget(key, "rev"), StandardCharsets.UTF_8))
        .isEqualTo("2");
    Records.State tombstone = Records.decodeState(redis.redis().hget(key, "val"));
    assertThat(tombstone.revision()).isEqualTo(2);
    assertThat(tombstone.value()).isNull();
    GetObjectResult<Object> r = await(store.getObject(id).toCompletableFuture());
    assertThat(r.value()).isEmpty();
    assertThat(r.revision()).isEqualTo(2);
  }

  @Test
  void upsertObject_conflict_failsWithRevisionConflictException() throws Exception {
    String id = "conflict-" + UUID.randomUUID();
    await(store.upsertObject(id, 1, "one", "").toCompletableFuture());
    assertThat(failureOf(store.upsertObject(id, 4, "four", "").toCompletableFuture()))
        .isInstanceOfSatisfying(RevisionConflictException.class, e -> {
          assertThat(e.persistenceId()).isEqualTo(id);
          assertThat(e.requestedRevision()).isEqualTo(4);
          assertThat(e.storedRevision()).isEqualTo(1);
        });
    assertThat(failureOf(store.upsertObject(id, 0, "zero", "").toCompletableFuture()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(id);
  }

  @Test
  void futures_completeOnThePluginExecutor_neverOnNettyThreads() throws Exception {
    String id = "threads-" + UUID.randomUUID();
    await(store.upsertObject(id, 1, "v", "").toCompletableFuture());
    List<CompletableFuture<String>> threads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      threads.add(store.getObject(id).toCompletableFuture()
          .thenApply(r -> Thread.currentThread().getName()));
    }
    List<String> names = new ArrayList<>();
    for (CompletableFuture<String> f : threads) {
      names.add(await(f));
    }
    String self = Thread.currentThread().getName();
    // A future that was already complete runs the stage on this thread; any other must run
    // on the plugin's callback executor.
    assertThat(names).allMatch(n -> n.equals(self) || n.startsWith("capa-redis-callback-"),
        "completed on the caller or the callback executor")
        .anyMatch(n -> n.startsWith("capa-redis-callback-"));
  }

  @Test
  void commands_moreInFlightThanRequestQueueSize_failWithQueueFull() throws Exception {
    ActorSystem small = ActorSystem.create("redis-queue-test", ConfigFactory.parseString(
            "capa.persistence.redis.connection.request-queue-size = 4")
        .withFallback(redis.config()).withFallback(ConfigFactory.load()));
    try {
      @SuppressWarnings("unchecked")
      RedisDurableStateStore<Object> s = DurableStateStoreRegistry.get(small)
          .getDurableStateStoreFor(RedisDurableStateStore.class,
              RedisPersistence.STATE_PLUGIN_ID);
      String id = "queue-" + UUID.randomUUID();
      await(s.upsertObject(id, 1, "z".repeat(1 << 20), "").toCompletableFuture());
      List<CompletableFuture<GetObjectResult<Object>>> reads = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        reads.add(s.getObject(id).toCompletableFuture());
      }
      List<Throwable> failures = new ArrayList<>();
      int succeeded = 0;
      for (CompletableFuture<GetObjectResult<Object>> r : reads) {
        try {
          assertThat(await(r).revision()).isEqualTo(1);
          succeeded++;
        } catch (RedisPersistenceException e) {
          failures.add(e);
        }
      }
      assertThat(succeeded).isPositive();
      assertThat(failures).isNotEmpty().allSatisfy(f -> assertThat(f)
          .isInstanceOfSatisfying(RedisPersistenceException.class,
              e -> assertThat(e.reason()).isEqualTo(RedisPersistenceException.Reason.QUEUE_FULL))
          .hasMessageContaining("request-queue-size").hasMessageContaining(id));
    } finally {
      small.terminate();
      small.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  // ---- snapshots

  @Test
  void loadSnapshot_unknownFormatVersion_failsNamingIdAndSequenceNr() {
    String id = "snap-" + UUID.randomUUID();
    byte[] record = snapshotRecord(3, 1000, serialized("s"));
    record[0] = (byte) 200;
    writeSnapshot(id, 3, 1000, record);
    assertThat(loadFailure(id)).isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining("snapshot of persistence id '" + id + "' at sequence number 3")
        .hasMessageContaining("unknown record format version 200");
  }

  @Test
  void loadSnapshot_unknownSerializerId_failsNamingIdAndSequenceNr() {
    String id = "snap-" + UUID.randomUUID();
    writeSnapshot(id, 3, 1000,
        snapshotRecord(3, 1000, new Serialized(UNKNOWN_SERIALIZER, "m", new byte[] {1})));
    assertThat(loadFailure(id)).isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining("'" + id + "' at sequence number 3")
        .hasMessageContaining("serializer id " + UNKNOWN_SERIALIZER);
  }

  @Test
  void loadSnapshot_bytesTheSerializerRejects_failsNamingIdAndSequenceNr() {
    String id = "snap-" + UUID.randomUUID();
    int longSerializer = SerializationExtension.get(system).findSerializerFor(1L).identifier();
    writeSnapshot(id, 3, 1000,
        snapshotRecord(3, 1000, new Serialized(longSerializer, "", new byte[] {1, 2})));
    assertThat(loadFailure(id)).isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining("'" + id + "' at sequence number 3")
        .hasMessageContaining("cannot read its 2 bytes");
  }

  @Test
  void loadSnapshot_criteria_selectsInsideRedisByTimestampAndSequenceNr() {
    String id = "snap-" + UUID.randomUUID();
    // Written directly: the store stamps saved snapshots with the current time.
    for (long seq = 1; seq <= 5; seq++) {
      writeSnapshot(id, seq, seq * 100, snapshotRecord(seq, seq * 100, serialized("s" + seq)));
    }
    assertThat(load(id, new SnapshotSelectionCriteria(Long.MAX_VALUE, 350, 0, 0)))
        .isEqualTo("s3");
    assertThat(load(id, new SnapshotSelectionCriteria(4, Long.MAX_VALUE, 0, 0)))
        .isEqualTo("s4");
    assertThat(load(id, new SnapshotSelectionCriteria(5, 450, 2, 250))).isEqualTo("s4");
    assertThat(load(id, new SnapshotSelectionCriteria(5, 150, 2, 0))).isNull();
    // An unreadable snapshot outside the criteria is never fetched.
    writeSnapshot(id, 9, 900, "garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(load(id, new SnapshotSelectionCriteria(8, Long.MAX_VALUE, 0, 0)))
        .isEqualTo("s5");
  }

  private Object load(String id, SnapshotSelectionCriteria criteria) {
    TestKit probe = new TestKit(system);
    snapshots.tell(new SnapshotProtocol.LoadSnapshot(id, criteria, Long.MAX_VALUE),
        probe.getRef());
    SnapshotProtocol.LoadSnapshotResult r =
        probe.expectMsgClass(TIMEOUT, SnapshotProtocol.LoadSnapshotResult.class);
    return r.snapshot().isDefined() ? r.snapshot().get().snapshot() : null;
  }

  private Throwable loadFailure(String id) {
    TestKit probe = new TestKit(system);
    snapshots.tell(new SnapshotProtocol.LoadSnapshot(id, SnapshotSelectionCriteria.latest(),
        Long.MAX_VALUE), probe.getRef());
    return probe.expectMsgClass(TIMEOUT, SnapshotProtocol.LoadSnapshotFailed.class).cause();
  }

  @Test
  void saveSnapshot_sameSequenceNr_replacesTheOldOneInBothKeys() {
    String id = "snap-" + UUID.randomUUID();
    for (String value : List.of("first", "second")) {
      TestKit probe = new TestKit(system);
      snapshots.tell(new SnapshotProtocol.SaveSnapshot(
          SnapshotMetadata.apply(id, 4, 0, scala.Option.empty()), value), probe.getRef());
      probe.expectMsgClass(TIMEOUT, org.apache.pekko.persistence.SaveSnapshotSuccess.class);
    }
    assertThat(load(id, SnapshotSelectionCriteria.latest())).isEqualTo("second");
    String index = new String(snapshotKeys.of(id, "index"), StandardCharsets.UTF_8);
    String data = new String(snapshotKeys.of(id, "data"), StandardCharsets.UTF_8);
    assertThat(redis.redis().zcard(index)).isEqualTo(1);
    assertThat(redis.redis().hkeys(data)).containsExactly("4");
  }

  private void writeSnapshot(String id, long seq, long timestamp, byte[] record) {
    redis.redis().zadd(new String(snapshotKeys.of(id, "index"), StandardCharsets.UTF_8), seq,
        (seq + ":" + timestamp).getBytes(StandardCharsets.UTF_8));
    redis.redis().hset(new String(snapshotKeys.of(id, "data"), StandardCharsets.UTF_8),
        Long.toString(seq), record);
  }

  private void writeState(String id, String revision, byte[] record) {
    String key = new String(stateKeys.of(id, ""), StandardCharsets.UTF_8);
    redis.redis().hset(key, "rev", revision.getBytes(StandardCharsets.UTF_8));
    redis.redis().hset(key, "val", record);
  }

  private Serialized serialized(Object value) {
    org.apache.pekko.serialization.Serializer s =
        SerializationExtension.get(system).findSerializerFor(value);
    return new Serialized(s.identifier(), "", s.toBinary(value));
  }

  private static byte[] stateRecord(long revision, Serialized value) {
    return Records.encode(new Records.State(revision, 1L, "", value));
  }

  private static byte[] snapshotRecord(long seq, long timestamp, Serialized value) {
    return Records.encode(new Records.Snapshot(seq, timestamp, value, null));
  }
}
