package io.capa.state.internal;

import io.capa.api.CapaException;
import io.capa.api.state.Concurrency;
import io.capa.components.spi.ComponentHealth;
import io.capa.state.spi.StateStore;
import io.capa.state.spi.StoreDelete;
import io.capa.state.spi.StoreOperation;
import io.capa.state.spi.StoreWrite;
import io.capa.state.spi.StoredValue;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code state.redis}: each key is a hash holding {@code data} and {@code version}.
 * Every write goes through one Lua script that first checks every ETag and first-write condition
 * of its operations, then applies them all, so single writes, deletes and transactions share one
 * atomic path. The version is the ETag; it restarts at 1 when a key is deleted and written again.
 */
final class RedisStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(RedisStateStore.class);
  private static final byte[] DATA = bytes("data");
  private static final byte[] VERSION = bytes("version");
  private static final int ARGS_PER_OP = 5;
  private static final Duration RETRY_MIN = Duration.ofMillis(200);
  private static final Duration RETRY_MAX = Duration.ofSeconds(5);

  /** ARGV per operation: kind (s|d), value, etag ('' for none), first-write (1|0), ttl ms (0: none). */
  static final String APPLY_SCRIPT =
      String.join("\n",
          "for i = 1, #KEYS do",
          "  local b = (i - 1) * 5",
          "  local etag = ARGV[b + 3]",
          "  local v = redis.call('HGET', KEYS[i], 'version')",
          "  if etag ~= '' then",
          "    if v ~= etag then return redis.error_reply('ETAG_MISMATCH ' .. i) end",
          "  elseif ARGV[b + 1] == 's' and ARGV[b + 4] == '1' and v then",
          "    return redis.error_reply('ETAG_MISMATCH ' .. i)",
          "  end",
          "end",
          "for i = 1, #KEYS do",
          "  local b = (i - 1) * 5",
          "  if ARGV[b + 1] == 'd' then",
          "    redis.call('DEL', KEYS[i])",
          "  else",
          "    redis.call('HSET', KEYS[i], 'data', ARGV[b + 2])",
          "    redis.call('HINCRBY', KEYS[i], 'version', 1)",
          "    local ttl = tonumber(ARGV[b + 5])",
          "    if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) else redis.call('PERSIST', KEYS[i]) end",
          "  end",
          "end",
          "return #KEYS");
  private static final String APPLY_SHA = sha1(APPLY_SCRIPT);

  private final String name;
  private final String keyPrefix;
  private final RedisClient client;
  private final ClientResources resources;
  private final RedisURI uri;
  private final Optional<Duration> defaultTtl;
  private final ScheduledExecutorService scheduler;
  private volatile StatefulRedisConnection<byte[], byte[]> connection;
  private volatile String downReason;
  private volatile boolean closed;

  RedisStateStore(String name, String keyPrefix, RedisClient client, ClientResources resources, RedisURI uri,
      Optional<Duration> defaultTtl, ScheduledExecutorService scheduler) {
    this.name = name;
    this.keyPrefix = keyPrefix;
    this.client = client;
    this.resources = resources;
    this.uri = uri;
    this.defaultTtl = defaultTtl;
    this.scheduler = scheduler;
    this.downReason = "not connected yet to Redis " + uri.getHost() + ":" + uri.getPort();
    connect(RETRY_MIN);
  }

  /**
   * The first connection is retried here until it succeeds; once connected, Lettuce reconnects by
   * itself and rejects commands while the link is down instead of queueing them.
   */
  private void connect(Duration nextDelay) {
    if (closed) {
      return;
    }
    client.connectAsync(ByteArrayCodec.INSTANCE, uri).whenComplete((c, e) -> {
      if (e == null) {
        if (closed) {
          c.closeAsync();
          return;
        }
        connection = c;
        log.info("State store '{}' connected to Redis {}:{}", name, uri.getHost(), uri.getPort());
        return;
      }
      downReason = "cannot connect to Redis " + uri.getHost() + ":" + uri.getPort() + ": " + StoreErrors.describe(e);
      log.debug("State store '{}': {}", name, downReason);
      Duration d = nextDelay.multipliedBy(2);
      Duration next = d.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : d;
      if (!closed) {
        scheduler.schedule(() -> connect(next), nextDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  @Override
  public Set<Feature> features() {
    return EnumSet.allOf(Feature.class);
  }

  @Override
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  public ComponentHealth health() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c != null && c.isOpen()) {
      return ComponentHealth.UP;
    }
    return ComponentHealth.down(c == null ? downReason : "the connection to Redis " + uri.getHost() + ":" + uri.getPort() + " is down; reconnecting");
  }

  private RedisAsyncCommands<byte[], byte[]> commands() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c == null || !c.isOpen()) {
      throw StoreErrors.failed(name, "is unavailable", new IllegalStateException(health().detail()));
    }
    return c.async();
  }

  @Override
  public CompletionStage<Optional<StoredValue>> get(String key) {
    try {
      return commands().hmget(bytes(key), DATA, VERSION)
          .handle((fields, e) -> {
            if (e != null) {
              throw failure("could not read a key", e);
            }
            return value(key, fields);
          });
    } catch (RuntimeException e) {
      return StoreErrors.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<List<Optional<StoredValue>>> getBulk(List<String> keys) {
    try {
      RedisAsyncCommands<byte[], byte[]> cmds = commands();
      List<CompletableFuture<List<KeyValue<byte[], byte[]>>>> reads = new ArrayList<>(keys.size());
      for (String key : keys) {
        reads.add(cmds.hmget(bytes(key), DATA, VERSION).toCompletableFuture());
      }
      return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
          .handle((v, e) -> {
            if (e != null) {
              throw failure("could not read keys", e);
            }
            List<Optional<StoredValue>> out = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
              out.add(value(keys.get(i), reads.get(i).join()));
            }
            return out;
          });
    } catch (RuntimeException e) {
      return StoreErrors.failedFuture(e);
    }
  }

  private static Optional<StoredValue> value(String key, List<KeyValue<byte[], byte[]>> fields) {
    KeyValue<byte[], byte[]> data = fields.get(0);
    if (!data.hasValue()) {
      return Optional.empty();
    }
    KeyValue<byte[], byte[]> version = fields.get(1);
    Optional<String> etag = version.hasValue()
        ? Optional.of(new String(version.getValue(), StandardCharsets.US_ASCII)) : Optional.empty();
    return Optional.of(new StoredValue(key, data.getValue(), etag));
  }

  @Override
  public CompletionStage<Void> save(List<StoreWrite> writes) {
    List<CompletableFuture<Void>> all = new ArrayList<>(writes.size());
    for (StoreWrite w : writes) {
      all.add(apply(List.of(w)).toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
  }

  @Override
  public CompletionStage<Void> delete(StoreDelete delete) {
    return apply(List.of(delete));
  }

  @Override
  public CompletionStage<Void> transact(List<StoreOperation> operations) {
    return apply(operations);
  }

  private CompletionStage<Void> apply(List<StoreOperation> ops) {
    try {
      byte[][] keys = new byte[ops.size()][];
      byte[][] args = new byte[ops.size() * ARGS_PER_OP][];
      for (int i = 0; i < ops.size(); i++) {
        StoreOperation op = ops.get(i);
        keys[i] = bytes(op.key());
        int b = i * ARGS_PER_OP;
        if (op instanceof StoreWrite w) {
          StoreErrors.version(w.etag());
          args[b] = bytes("s");
          args[b + 1] = w.value();
          args[b + 2] = bytes(w.etag().orElse(""));
          args[b + 3] = bytes(w.concurrency() == Concurrency.FIRST_WRITE ? "1" : "0");
          args[b + 4] = bytes(Long.toString(ttlMillis(w)));
        } else {
          StoreDelete d = (StoreDelete) op;
          StoreErrors.version(d.etag());
          args[b] = bytes("d");
          args[b + 1] = new byte[0];
          args[b + 2] = bytes(d.etag().orElse(""));
          args[b + 3] = bytes("0");
          args[b + 4] = bytes("0");
        }
      }
      RedisAsyncCommands<byte[], byte[]> cmds = commands();
      CompletionStage<Object> run = cmds.<Object>evalsha(APPLY_SHA, ScriptOutputType.INTEGER, keys, args)
          .exceptionallyCompose(e -> {
            Throwable u = StoreErrors.unwrap(e);
            if (u.getMessage() != null && u.getMessage().startsWith("NOSCRIPT")) {
              return cmds.eval(APPLY_SCRIPT, ScriptOutputType.INTEGER, keys, args);
            }
            return CompletableFuture.failedFuture(u);
          });
      return run.handle((r, e) -> {
        if (e == null) {
          return null;
        }
        Throwable u = StoreErrors.unwrap(e);
        if (u instanceof RedisCommandExecutionException && u.getMessage() != null
            && u.getMessage().startsWith("ETAG_MISMATCH")) {
          int index = Integer.parseInt(u.getMessage().substring("ETAG_MISMATCH ".length()).trim()) - 1;
          throw StoreErrors.mismatch(ops.get(index).key());
        }
        throw failure("could not write", e);
      });
    } catch (RuntimeException e) {
      return StoreErrors.failedFuture(e);
    }
  }

  private long ttlMillis(StoreWrite w) {
    Optional<Duration> ttl = w.ttl().isPresent() ? w.ttl() : defaultTtl;
    return ttl.map(Duration::toMillis).orElse(0L);
  }

  private RuntimeException failure(String what, Throwable e) {
    Throwable u = StoreErrors.unwrap(e);
    if (u instanceof CapaException c) {
      return c;
    }
    return StoreErrors.failed(name, what, u);
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdownAsync(0, 2, TimeUnit.SECONDS)
        .whenComplete((v, e) -> resources.shutdown(0, 2, TimeUnit.SECONDS));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(script)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
