package io.capa.sequencer.internal;

import io.capa.components.spi.ComponentHealth;
import io.capa.connections.redis.RedisConnector;
import io.capa.sequencer.spi.SequenceStore;
import java.util.concurrent.CompletionStage;

/** INTERNAL API. {@code sequencer.redis}: one counter key per sequence, advanced with {@code INCR}. */
final class RedisSequenceStore implements SequenceStore {
  private final RedisConnector redis;
  private final String prefix;

  RedisSequenceStore(RedisConnector redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public CompletionStage<Long> nextId(String key) {
    String k = prefix.isEmpty() ? key : prefix + "||" + key;
    return redis.call(c -> c.incr(k));
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
