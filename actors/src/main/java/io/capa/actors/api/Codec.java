package io.capa.actors.api;

import java.lang.reflect.Type;

/**
 * Encodes method arguments, results and state values. An actor type has one codec; JSON is the
 * default, so values stay readable through the HTTP API.
 */
public interface Codec {
  byte[] encode(Object value);

  /** Decodes {@code bytes}; an empty array decodes to {@code null}. */
  Object decode(byte[] bytes, Type type);

  /** The JSON codec (Jackson), shared. */
  static Codec json() {
    return io.capa.actors.internal.JsonCodec.INSTANCE;
  }
}
