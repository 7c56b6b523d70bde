package io.capa.persistence.redis.internal;

import com.typesafe.config.Config;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * INTERNAL API. One {@code capa.persistence.redis.connection} block: the Redis client, its one
 * shared connection and the threads that complete the plugins' futures.
 *
 * @param path absolute config path of the block, for messages
 */
public record RedisSettings(
    String path,
    RedisURI uri,
    String keyPrefix,
    Duration commandTimeout,
    Duration connectTimeout,
    Duration reconnectMaxDelay,
    int requestQueueSize,
    int ioThreads,
    int callbackThreads) {

  public RedisSettings {
    checkKeyPart(path + ".key-prefix", keyPrefix);
    checkPositive(path + ".command-timeout", commandTimeout);
    checkPositive(path + ".connect-timeout", connectTimeout);
    checkPositive(path + ".reconnect-max-delay", reconnectMaxDelay);
    checkPositive(path + ".request-queue-size", requestQueueSize);
    checkPositive(path + ".io-threads", ioThreads);
    checkPositive(path + ".callback-threads", callbackThreads);
  }

  public static RedisSettings fromConfig(String path, Config c) {
    String url = c.getString("url");
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      // The URL may hold a password, so it is not repeated in the message.
      throw new IllegalArgumentException(path + ".url is not a Redis URI"
          + " (redis://[user:password@]host:port[/db] or rediss://...): " + e.getMessage(), e);
    }
    Duration commandTimeout = c.getDuration("command-timeout");
    uri.setTimeout(commandTimeout);
    return new RedisSettings(path, uri, c.getString("key-prefix"), commandTimeout,
        c.getDuration("connect-timeout"), c.getDuration("reconnect-max-delay"),
        c.getInt("request-queue-size"), c.getInt("io-threads"), c.getInt("callback-threads"));
  }

  /** Where the client connects, without credentials: for logs and error messages. */
  public String describe() {
    return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/"
        + uri.getDatabase();
  }

  /**
   * Key prefixes and keyspaces must not contain braces: the only brace pair of a key is the one
   * around the persistence id, which makes it the Redis Cluster hash tag.
   */
  static void checkKeyPart(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '{' || ch == '}' || Character.isWhitespace(ch) || Character.isISOControl(ch)) {
        throw new IllegalArgumentException(what + " '" + value
            + "' must not contain braces, whitespace or control characters");
      }
    }
  }

  private static void checkPositive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }

  private static void checkPositive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
  }

  @Override
  public String toString() {
    return "RedisSettings[" + path + ": " + describe() + ", key-prefix=" + keyPrefix + "]";
  }
}
