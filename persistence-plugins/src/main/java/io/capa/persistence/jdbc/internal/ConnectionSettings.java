package io.capa.persistence.jdbc.internal;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * INTERNAL API. One {@code capa.persistence.jdbc.connection} block: the pool, the write batching
 * and the thread pools shared by the journal, the snapshot store and the durable state store.
 */
public record ConnectionSettings(
    String url,
    String user,
    String password,
    Dialect dialect,
    String schema,
    int maxPoolSize,
    int minIdle,
    Duration connectionTimeout,
    boolean autoCreateTables,
    int maxBatchRows,
    int queueCapacity,
    int writerThreads,
    Duration enqueueTimeout,
    int readThreads,
    int readQueueCapacity,
    int callbackThreads) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  public ConnectionSettings {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("connection.url must be set");
    }
    if (!schema.isEmpty()) {
      checkIdentifier("connection.schema", schema);
    }
    checkPositive("max-pool-size", maxPoolSize);
    checkPositive("batch.max-rows", maxBatchRows);
    checkPositive("batch.queue-capacity", queueCapacity);
    checkPositive("batch.writer-threads", writerThreads);
    checkPositive("read-threads", readThreads);
    checkPositive("read-queue-capacity", readQueueCapacity);
    checkPositive("callback-threads", callbackThreads);
    if (minIdle < 0 || minIdle > maxPoolSize) {
      throw new IllegalArgumentException("min-idle must be in 0..max-pool-size, was " + minIdle);
    }
    // The journal writer and the durable state writer each hold up to writer-threads.
    if (2 * writerThreads >= maxPoolSize) {
      throw new IllegalArgumentException("max-pool-size (" + maxPoolSize + ") must exceed twice"
          + " batch.writer-threads (" + writerThreads + ") to leave connections for reads");
    }
  }

  public static ConnectionSettings fromConfig(Config c) {
    String url = c.getString("url");
    return new ConnectionSettings(
        url,
        c.getString("user"),
        c.getString("password"),
        Dialect.resolve(c.getString("dialect"), url),
        c.getString("schema"),
        c.getInt("max-pool-size"),
        c.getInt("min-idle"),
        c.getDuration("connection-timeout"),
        c.getBoolean("auto-create-tables"),
        c.getInt("batch.max-rows"),
        c.getInt("batch.queue-capacity"),
        c.getInt("batch.writer-threads"),
        c.getDuration("batch.enqueue-timeout"),
        c.getInt("read-threads"),
        c.getInt("read-queue-capacity"),
        c.getInt("callback-threads"));
  }

  /** The table name, qualified with the schema when one is configured. */
  public String qualify(String table) {
    checkIdentifier("table name", table);
    return schema.isEmpty() ? table : schema + "." + table;
  }

  // Table names are spliced into SQL, so only plain identifiers are accepted.
  static void checkIdentifier(String what, String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " '" + name + "' must be a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
    }
  }

  private static void checkPositive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
  }

  @Override
  public String toString() {
    return "ConnectionSettings[url=" + url + ", user=" + user + ", dialect=" + dialect + "]";
  }
}
