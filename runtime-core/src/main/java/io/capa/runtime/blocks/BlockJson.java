package io.capa.runtime.blocks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/** INTERNAL API. Request-body helpers of the building blocks' routes; errors name what was wrong. */
final class BlockJson {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private BlockJson() {}

  static void requireMethod(HttpRequest r, String method) {
    if (!r.method().name().equals(method)) {
      throw new CapaException(ErrorCode.METHOD_NOT_ALLOWED,
          r.method().name() + " is not allowed on " + r.getUri().path() + "; use " + method);
    }
  }

  static void requirePost(HttpRequest r) {
    requireMethod(r, "POST");
  }

  /** The body as a JSON object; {@code shape} is named when it is empty or not an object. */
  static JsonNode object(byte[] body, String shape) {
    if (body.length == 0) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the request body is empty, expected " + shape);
    }
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new CapaException(ErrorCode.MALFORMED_JSON, "invalid JSON"
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      throw new CapaException(ErrorCode.MALFORMED_JSON,
          "expected a JSON object " + shape + ", got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return node;
  }

  /** A required string field. */
  static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, field + " is missing");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, field + " must be a non-empty string, got " + v);
    }
    return v.asText();
  }

  /** An optional object of string values ({@code metadata}). */
  static Map<String, String> stringMap(JsonNode json, String field) {
    JsonNode v = json.get(field);
    Map<String, String> m = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return m;
    }
    if (!v.isObject()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, field + " must be an object of strings, got " + v.getNodeType());
    }
    v.properties().forEach(e -> {
      if (!e.getValue().isTextual()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, field + "." + e.getKey() + " must be a string");
      }
      m.put(e.getKey(), e.getValue().asText());
    });
    return m;
  }

  /** Builds a request record, turning what its constructor rejects into {@code ERR_INVALID_REQUEST}. */
  static <T> T valid(Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, String.valueOf(e.getMessage()), e);
    }
  }
}
