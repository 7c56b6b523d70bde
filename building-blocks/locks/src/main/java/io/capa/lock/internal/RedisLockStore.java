package io.capa.lock.internal;

import io.capa.api.lock.UnlockStatus;
import io.capa.components.spi.ComponentHealth;
import io.capa.connections.redis.RedisConnector;
import io.capa.lock.spi.LockStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API. Dapr's {@code lock.redis}: a lock is a key holding its owner, set with {@code SET NX
 * PX}; unlock and extend are Lua scripts that compare the owner first, so one owner can never
 * release or prolong another's lock. Keys are {@code <prefix>||<resourceId>}.
 */
final class RedisLockStore implements LockStore {
  /** 0 released, 1 no such lock, 2 held by another owner. */
  private static final String UNLOCK = """
      local v = redis.call('GET', KEYS[1])
      if not v then return 1 end
      if v == ARGV[1] then redis.call('DEL', KEYS[1]) return 0 end
      return 2
      """;
  private static final String EXTEND = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0
      """;

  private final RedisConnector redis;
  private final String prefix;

  RedisLockStore(RedisConnector redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private String key(String resourceId) {
    return prefix.isEmpty() ? resourceId : prefix + "||" + resourceId;
  }

  @Override
  public CompletionStage<Boolean> tryLock(String resourceId, String owner, Duration expiry) {
    return redis.call(c -> c.set(key(resourceId), owner, SetArgs.Builder.nx().px(Math.max(1, expiry.toMillis()))))
        .thenApply("OK"::equals);
  }

  @Override
  public CompletionStage<UnlockStatus> unlock(String resourceId, String owner) {
    return redis.<Long>call(c -> c.eval(UNLOCK, ScriptOutputType.INTEGER, new String[] {key(resourceId)}, owner))
        .thenApply(r -> switch (r.intValue()) {
          case 0 -> UnlockStatus.SUCCESS;
          case 1 -> UnlockStatus.LOCK_DOES_NOT_EXIST;
          default -> UnlockStatus.LOCK_BELONGS_TO_OTHERS;
        });
  }

  @Override
  public CompletionStage<Boolean> extend(String resourceId, String owner, Duration expiry) {
    return redis.<Long>call(c -> c.eval(EXTEND, ScriptOutputType.INTEGER, new String[] {key(resourceId)},
            owner, Long.toString(Math.max(1, expiry.toMillis()))))
        .thenApply(r -> r == 1L);
  }

  @Override
  public ComponentHealth health() {
    return redis.health();
  }

  @Override
  public void close() {
    redis.close();
  }
}
