package io.capa.persistence.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * INTERNAL API. Key names of one plugin: {@code <key-prefix>:<keyspace>:{<persistence id>}:<part>}.
 *
 * <p>The braces make the persistence id the Redis Cluster hash tag, so every key of one id lives
 * in one slot and a Lua script may touch all of them. Braces and {@code %} inside the id are
 * percent-escaped ({@code %7B}, {@code %7D}, {@code %25}): the escaped id never contains a
 * brace, so the first {@code }} after the opening brace is always the one closing the tag, and
 * the escaping is injective, so two ids never share a key.
 */
public final class Keys {
  private final String base;

  /** @param keyspace separates the plugins (and copies of a plugin) sharing one prefix */
  public Keys(String keyPrefix, String keyspace) {
    RedisSettings.checkKeyPart("key-prefix", keyPrefix);
    RedisSettings.checkKeyPart("keyspace", keyspace);
    this.base = keyPrefix + ":" + keyspace + ":";
  }

  /** The key of one persistence id: {@code prefix:keyspace:{id}} or {@code ...:{id}:part}. */
  public byte[] of(String persistenceId, String part) {
    String tagged = base + "{" + escape(persistenceId) + "}";
    return bytes(part.isEmpty() ? tagged : tagged + ":" + part);
  }

  /** A key shared by all persistence ids of this keyspace, e.g. the set of known ids. */
  public byte[] global(String name) {
    return bytes(base + name);
  }

  /** The pattern matching every key of this keyspace (for SCAN). */
  public String pattern() {
    return base + "*";
  }

  static String escape(String persistenceId) {
    if (persistenceId.indexOf('{') < 0 && persistenceId.indexOf('}') < 0
        && persistenceId.indexOf('%') < 0) {
      return persistenceId;
    }
    StringBuilder sb = new StringBuilder(persistenceId.length() + 8);
    for (int i = 0; i < persistenceId.length(); i++) {
      char ch = persistenceId.charAt(i);
      switch (ch) {
        case '%' -> sb.append("%25");
        case '{' -> sb.append("%7B");
        case '}' -> sb.append("%7D");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
