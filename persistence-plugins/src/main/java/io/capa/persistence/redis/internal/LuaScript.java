package io.capa.persistence.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * INTERNAL API. A Lua script run with EVALSHA. Redis forgets its script cache when it restarts,
 * so the caller falls back to EVAL (which caches it again) on NOSCRIPT.
 */
public record LuaScript(String name, byte[] body, String sha1) {

  public static LuaScript of(String name, String source) {
    byte[] body = source.getBytes(StandardCharsets.UTF_8);
    try {
      return new LuaScript(name, body,
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
