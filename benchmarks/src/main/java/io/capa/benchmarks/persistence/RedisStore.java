package io.capa.benchmarks.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.persistence.redis.RedisPersistence;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;

/**
 * The Redis plugin with a key prefix of the run's own ({@code <tag>:journal:...}, {@code
 * <tag>:snapshot:...}, and {@code <tag>:raw:...} for the raw client), deleted at the end.
 */
final class RedisStore implements Store {
  private static final String CONNECTION = "capa.persistence.redis.connection";

  private final String url;
  private final String prefix;

  RedisStore(String url, String tag) {
    this.url = url;
    this.prefix = tag;
  }

  @Override
  public String describe() {
    return "capa Redis plugin, " + url + ", key prefix " + prefix + ":";
  }

  @Override
  public Config pluginConfig() {
    return ConfigFactory.parseMap(
        Map.of(
            "pekko.persistence.journal.plugin", RedisPersistence.JOURNAL_PLUGIN_ID,
            "pekko.persistence.snapshot-store.plugin", RedisPersistence.SNAPSHOT_PLUGIN_ID,
            CONNECTION + ".url", url,
            CONNECTION + ".key-prefix", prefix),
        "benchmark backend redis");
  }

  @Override
  public String journalPluginId() {
    return RedisPersistence.JOURNAL_PLUGIN_ID;
  }

  @Override
  public String snapshotPluginId() {
    return RedisPersistence.SNAPSHOT_PLUGIN_ID;
  }

  /** The Redis journal sends each write as it comes (pipelined), so there is no batch to report. */
  @Override
  public Optional<Batching> batching(ActorSystem system) {
    return Optional.empty();
  }

  @Override
  public RawJournal openRaw(ActorSystem system, RawRows rows) {
    return new Raw(rows);
  }

  @Override
  public void close() {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> sync = c.sync();
      ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(1000);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<byte[]> page = sync.scan(cursor, match);
        if (!page.getKeys().isEmpty()) {
          sync.unlink(page.getKeys().toArray(new byte[0][]));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } catch (RuntimeException e) {
      System.err.println("could not delete the keys " + prefix + ":*: " + e.getMessage());
    } finally {
      client.shutdown();
    }
  }

  /**
   * Lettuce async on one connection, as the plugin has: one ZADD per event (score = sequence
   * number, member = writer id, sequence number and payload) on a sorted set per persistence id,
   * one command in flight per writer, so as many commands are in flight as the plugin has writes.
   */
  private final class Raw implements RawJournal {
    private final RedisClient client = RedisClient.create(url);
    private final StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
    private final RedisAsyncCommands<byte[], byte[]> async = connection.async();
    private final byte[][] keys;
    private final long[] sequenceNrs;
    private final RawRows rows;
    private final byte[] uuid;

    Raw(RawRows rows) {
      this.rows = rows;
      this.uuid = rows.writerUuid().getBytes(StandardCharsets.UTF_8);
      this.keys = new byte[rows.persistenceIds()][];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = (prefix + ":raw:{raw-" + i + "}:events").getBytes(StandardCharsets.UTF_8);
      }
      this.sequenceNrs = new long[keys.length];
    }

    @Override
    public RawLoad load(int pluginBatch) {
      return new RawLoad("Lettuce async ZADD, one connection, " + keys.length + " in flight", keys.length, 1, this::write);
    }

    // One write in flight per caller (the closed loop's guarantee) orders its sequence numbers.
    private java.util.concurrent.CompletionStage<?> write(int i) {
      long seq = ++sequenceNrs[i];
      byte[] member =
          ByteBuffer.allocate(uuid.length + Long.BYTES + rows.payload().length).put(uuid).putLong(seq).put(rows.payload()).array();
      return async.zadd(keys[i], (double) seq, member);
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
