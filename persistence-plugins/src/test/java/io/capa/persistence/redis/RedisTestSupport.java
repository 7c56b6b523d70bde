package io.capa.persistence.redis;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.persistence.redis.internal.Keys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.UUID;

/**
 * The shared Redis on 127.0.0.1:6379 the tests run against. It must be up: a test that cannot
 * reach it fails, it is never skipped. Every test class uses its own random key prefix and
 * removes its keys when it is done, so runs never see each other's data.
 */
public final class RedisTestSupport implements AutoCloseable {
  public static final String URL = "redis://127.0.0.1:6379";

  private final String prefix;
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;

  private RedisTestSupport(String prefix, String url) {
    this.prefix = prefix;
    this.client = RedisClient.create(url);
    // String keys, raw byte values: tests write values byte for byte.
    this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  /** A fresh prefix {@code capa-test-<name>-<random>} on the shared Redis. */
  public static RedisTestSupport create(String name) {
    return new RedisTestSupport("capa-test-" + name + "-"
        + UUID.randomUUID().toString().substring(0, 8), URL);
  }

  public String prefix() {
    return prefix;
  }

  public RedisCommands<String, byte[]> redis() {
    return connection.sync();
  }

  /** The key names the plugin with this keyspace uses, for reading and writing them directly. */
  public Keys keys(String keyspace) {
    return new Keys(prefix, keyspace);
  }

  /** Settings pointing all three plugins at the shared Redis, under this prefix. */
  public Config config() {
    return config(prefix, URL);
  }

  public static Config config(String prefix, String url) {
    return ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = WARNING",
        "pekko.persistence.journal.plugin = \"" + RedisPersistence.JOURNAL_PLUGIN_ID + "\"",
        "pekko.persistence.snapshot-store.plugin = \"" + RedisPersistence.SNAPSHOT_PLUGIN_ID
            + "\"",
        "pekko.persistence.state.plugin = \"" + RedisPersistence.STATE_PLUGIN_ID + "\"",
        "capa.persistence.redis.connection.url = \"" + url + "\"",
        "capa.persistence.redis.connection.key-prefix = \"" + prefix + "\""));
  }

  /** The number of keys under this prefix. */
  public long keyCount() {
    long n = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis().scan(cursor,
          ScanArgs.Builder.matches(prefix + ":*").limit(1000));
      n += page.getKeys().size();
      cursor = page;
    } while (!cursor.isFinished());
    return n;
  }

  /** Removes every key under this prefix, then closes the connection. */
  @Override
  public void close() {
    try {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis().scan(cursor,
            ScanArgs.Builder.matches(prefix + ":*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          redis().unlink(page.getKeys().toArray(new String[0]));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      connection.close();
      client.shutdown();
    }
  }
}
