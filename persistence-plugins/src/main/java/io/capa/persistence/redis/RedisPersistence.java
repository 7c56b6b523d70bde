package io.capa.persistence.redis;

/**
 * The plugin ids of the Redis persistence plugins. They share the client configured at
 * {@code capa.persistence.redis.connection}.
 *
 * <pre>
 * pekko.persistence.journal.plugin = "capa.persistence.redis.journal"
 * pekko.persistence.snapshot-store.plugin = "capa.persistence.redis.snapshot"
 * pekko.persistence.state.plugin = "capa.persistence.redis.state"
 * </pre>
 */
public final class RedisPersistence {
  public static final String JOURNAL_PLUGIN_ID = "capa.persistence.redis.journal";
  public static final String SNAPSHOT_PLUGIN_ID = "capa.persistence.redis.snapshot";
  public static final String STATE_PLUGIN_ID = "capa.persistence.redis.state";

  private RedisPersistence() {}
}
