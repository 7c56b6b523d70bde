package io.capa.runtime.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * INTERNAL API: the one Jackson mapper of the HTTP layer, and the parse helpers that turn Jackson's
 * errors into {@code ERR_MALFORMED_JSON} with the line and column.
 *
 * <p>Floats are read as BigDecimal with trailing zeros kept, so that a value stored through the API
 * ({@code 1.50}, a 30-digit number) comes back as the user wrote it rather than rounded to a double.
 */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /** Parses a request body that must hold one JSON value; {@code expected} is named when empty. */
  static JsonNode parse(byte[] body, String expected) {
    if (body.length == 0) {
      throw malformed("the request body is empty, expected " + expected);
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw malformed("invalid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a parsed JSON tree", e);
    }
  }

  /** Writes a document with a generator, for responses whose shape is fixed and small. */
  static byte[] write(JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      writer.write(gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static CapaException malformed(String message) {
    return new CapaException(ErrorCode.MALFORMED_JSON, message);
  }

  static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  @FunctionalInterface
  interface JsonWriter {
    void write(JsonGenerator gen) throws IOException;
  }
}
