package io.capa.configuration.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.components.spi.ComponentHealth;
import io.capa.configuration.spi.ConfigurationChange;
import io.capa.configuration.spi.ConfigurationStore;
import io.capa.connections.redis.RedisConnector;
import io.capa.connections.redis.RedisSettings;
import io.capa.components.spi.ComponentContext;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. Dapr's {@code configuration.redis}: each key holds {@code value||version}. Changes
 * are seen through Redis keyspace notifications; when the server's {@code notify-keyspace-events}
 * lacks them, the store turns them on ({@code KEA}) when it connects.
 *
 * <p>Saves are a Lua script per item, so a conditional save compares and writes atomically; a save
 * without a version sets the next number after the stored version (1 for a new key).
 */
final class RedisConfigurationStore implements ConfigurationStore {
  private static final Logger log = LoggerFactory.getLogger(RedisConfigurationStore.class);
  static final String SEPARATOR = "||";
  /** 0 written, 1 version mismatch. */
  private static final String SAVE = """
      local cur = redis.call('GET', KEYS[1])
      local ver = nil
      if cur then
        local at = 0
        local i = string.find(cur, '||', 1, true)
        while i do at = i; i = string.find(cur, '||', i + 2, true) end
        if at > 0 then ver = string.sub(cur, at + 2) end
      end
      if ARGV[2] ~= '' and ARGV[2] ~= ver then return 1 end
      local n = tonumber(ver)
      if n == nil then n = 0 end
      redis.call('SET', KEYS[1], ARGV[1] .. '||' .. tostring(n + 1))
      return 0
      """;

  private final String name;
  private final RedisConnector redis;
  private final ComponentContext context;
  private final int database;
  private final Watchers watchers = new Watchers();
  private volatile StatefulRedisPubSubConnection<String, String> events;

  RedisConfigurationStore(String name, RedisSettings settings, ComponentContext context) {
    this.name = name;
    this.context = context;
    this.database = settings.database();
    this.redis = new RedisConnector(name, settings, context, this::onConnect);
  }

  RedisConfigurationStore start() {
    redis.start();
    return this;
  }

  private void onConnect(StatefulRedisConnection<String, String> c) {
    try {
      String flags = c.sync().configGet("notify-keyspace-events").getOrDefault("notify-keyspace-events", "");
      if (!(flags.contains("K") && (flags.contains("A") || flags.contains("g") && flags.contains("$")))) {
        log.info("configuration store '{}' turns on keyspace notifications (CONFIG SET notify-keyspace-events KEA; was '{}')",
            name, flags);
        c.sync().configSet("notify-keyspace-events", "KEA");
      }
    } catch (RedisCommandExecutionException e) {
      // managed servers often refuse CONFIG; reads and writes still work, watches only if the operator enabled events
      log.warn("configuration store '{}' cannot check or enable keyspace notifications ({}); watches see changes only"
          + " if notify-keyspace-events includes KEA on the server", name, e.getMessage());
    }
    StatefulRedisPubSubConnection<String, String> pubsub = redis.client().connectPubSub(StringCodec.UTF8, redis.uri());
    String prefix = "__keyspace@" + database + "__:";
    pubsub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String pattern, String channel, String event) {
        onEvent(channel.substring(prefix.length()), event);
      }
    });
    pubsub.sync().psubscribe(prefix + "*");
    events = pubsub;
  }

  /** Keyspace events arrive on the client's I/O thread; reading the new value is a further command. */
  private void onEvent(String key, String event) {
    if (!watchers.wants(key)) {
      return;
    }
    switch (event) {
      case "del", "expired", "evicted", "rename_from" ->
          watchers.publish(new ConfigurationChange(Map.of(), Set.of(key)));
      default -> redis.<String>call(c -> c.get(key)).whenCompleteAsync((v, e) -> {
        if (e != null) {
          log.warn("configuration store '{}' could not read changed key '{}'", name, key, e);
        } else if (v == null) {
          watchers.publish(new ConfigurationChange(Map.of(), Set.of(key)));
        } else {
          watchers.publish(new ConfigurationChange(Map.of(key, item(key, v)), Set.of()));
        }
      }, context.blockingExecutor());
    }
  }

  static ConfigurationItem item(String key, String stored) {
    int at = stored.lastIndexOf(SEPARATOR);
    if (at < 0) {
      return ConfigurationItem.of(key, stored);
    }
    String version = stored.substring(at + SEPARATOR.length());
    return new ConfigurationItem(key, stored.substring(0, at),
        version.isBlank() ? Optional.empty() : Optional.of(version), Map.of());
  }

  @Override
  public CompletionStage<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata) {
    CompletionStage<List<String>> names = keys.isEmpty() ? allKeys() : CompletableFuture.completedFuture(keys);
    return names.thenCompose(ks -> {
      if (ks.isEmpty()) {
        return CompletableFuture.completedFuture(Map.of());
      }
      return redis.<List<KeyValue<String, String>>>call(c -> c.mget(ks.toArray(String[]::new))).thenApply(values -> {
        Map<String, ConfigurationItem> r = new LinkedHashMap<>();
        for (KeyValue<String, String> kv : values) {
          if (kv.hasValue()) {
            r.put(kv.getKey(), item(kv.getKey(), kv.getValue()));
          }
        }
        return r;
      });
    });
  }

  private CompletionStage<List<String>> allKeys() {
    List<String> all = new ArrayList<>();
    return scan(ScanCursor.INITIAL, all);
  }

  private CompletionStage<List<String>> scan(ScanCursor cursor, List<String> into) {
    return redis.call(c -> c.scan(cursor, ScanArgs.Builder.limit(500))).thenCompose(page -> {
      into.addAll(page.getKeys());
      return page.isFinished() ? CompletableFuture.completedFuture(into) : scan(page, into);
    });
  }

  @Override
  public AutoCloseable watch(List<String> keys, Consumer<ConfigurationChange> listener) {
    return watchers.add(keys, listener);
  }

  @Override
  public CompletionStage<Void> save(List<ConfigurationItem> items, Map<String, String> metadata) {
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    for (ConfigurationItem item : items) {
      all = all.thenCompose(v -> redis.<Long>call(c -> c.eval(SAVE, ScriptOutputType.INTEGER, new String[] {item.key()},
              item.value(), item.version().orElse("")))
          .thenAccept(r -> {
            if (r != 0L) {
              throw new CapaException(ErrorCode.ETAG_MISMATCH,
                  "configuration key '" + item.key() + "' is no longer at version " + item.version().orElse(""));
            }
          }));
    }
    return all;
  }

  @Override
  public CompletionStage<Void> delete(List<String> keys, Map<String, String> metadata) {
    return redis.<Long>call(c -> c.del(keys.toArray(String[]::new))).thenApply(n -> null);
  }

  @Override
  public ComponentHealth health() {
    StatefulRedisPubSubConnection<String, String> e = events;
    ComponentHealth h = redis.health();
    if (h.up() && (e == null || !e.isOpen())) {
      return ComponentHealth.down("redis keyspace notifications not connected");
    }
    return h;
  }

  @Override
  public void close() {
    StatefulRedisPubSubConnection<String, String> e = events;
    if (e != null) {
      e.close();
    }
    redis.close();
  }
}
