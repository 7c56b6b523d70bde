package io.capa.capnp.wire.schema;

import io.capa.capnp.wire.internal.JsonParser;

/**
 * JSON with the reference's default mapping ({@code capnp convert binary:json}):
 * structs and groups are objects in field order; a union member appears when active and
 * either non-default or not the first member; null pointers are omitted; 64-bit
 * integers are strings; NaN and infinities are the strings "NaN", "Infinity",
 * "-Infinity"; Data is an array of byte values; enums are names (numbers when unknown);
 * Void is null. AnyPointer and capabilities cannot be encoded (as in the reference).
 * Decoding accepts what encoding produces plus numbers given as strings and vice versa,
 * and ignores unknown fields.
 */
public final class JsonCodec {
  private JsonCodec() {
  }

  /** Encodes like {@code capnp convert binary:json} (pretty: long lists break into lines). */
  public static String encode(DynamicStruct value) {
    return encode(value, true);
  }

  /** @param pretty false gives the one-line form of {@code --short} */
  public static String encode(DynamicStruct value, boolean pretty) {
    return new JsonEncoder(pretty).struct(value, 0, false);
  }

  /** Parses one JSON object into {@code target}. */
  public static void decode(String json, DynamicStructBuilder target) {
    JsonDecoder.decode(json, target);
  }

  /** Decodes an already parsed JSON value (from {@link JsonParser}) into {@code target}. */
  public static void decodeParsed(Object parsed, DynamicStructBuilder target) {
    JsonDecoder.decodeStruct(parsed, target);
  }
}
