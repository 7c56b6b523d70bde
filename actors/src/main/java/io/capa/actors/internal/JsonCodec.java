package io.capa.actors.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capa.actors.api.Codec;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.io.IOException;
import java.lang.reflect.Type;

/** INTERNAL API: the default codec, JSON through one shared Jackson mapper. */
public final class JsonCodec implements Codec {
  public static final JsonCodec INSTANCE = new JsonCodec();
  private static final byte[] EMPTY = new byte[0];

  private final ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();

  private JsonCodec() {}

  @Override
  public byte[] encode(Object value) {
    if (value == null) {
      return EMPTY;
    }
    if (value instanceof byte[] raw) {
      return raw;
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new CapaException(ErrorCode.INTERNAL, "cannot encode a " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public Object decode(byte[] bytes, Type type) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    if (type == byte[].class) {
      return bytes;
    }
    try {
      JavaType javaType = mapper.getTypeFactory().constructType(type);
      return mapper.readValue(bytes, javaType);
    } catch (IOException e) {
      throw new CapaException(
          ErrorCode.MALFORMED_JSON, "cannot read the payload as " + type.getTypeName() + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
