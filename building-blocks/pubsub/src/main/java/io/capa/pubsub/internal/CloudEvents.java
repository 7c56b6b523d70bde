package io.capa.pubsub.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.Acknowledger;
import io.capa.api.pubsub.TopicMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * INTERNAL API. CloudEvents 1.0 in the JSON event format, as Dapr puts them on the wire:
 *
 * <pre>
 * {"specversion":"1.0","id":"…","source":"{appId}","type":"com.dapr.event.sent",
 *  "datacontenttype":"application/json","topic":"orders","pubsubname":"pubsub",
 *  "traceparent":"00-…",            (when the publish metadata carries one)
 *  "data":{…}}                      (JSON data inline, text as a string, other bytes as data_base64)
 * </pre>
 */
public final class CloudEvents {
  public static final String EVENT_TYPE = "com.dapr.event.sent";
  public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]+");
  private static final Set<String> CORE =
      Set.of("id", "source", "type", "specversion", "datacontenttype", "dataschema", "subject", "time",
          "data", "data_base64", "topic", "pubsubname");

  private CloudEvents() {}

  /** A wrapped event and its id. */
  public record Envelope(String id, byte[] bytes) {}

  /**
   * Wraps {@code data}; when {@code contentType} says it already is a CloudEvent, fills in what it
   * lacks (id, source, type, topic, pubsubname) instead.
   */
  public static Envelope wrap(
      byte[] data, String contentType, String appId, String topic, String pubsubName, Map<String, String> metadata) {
    ObjectNode event;
    if (isCloudEventsJson(contentType)) {
      event = parseObject(data).orElseThrow(() -> new CapaException(ErrorCode.INVALID_REQUEST,
          "the body is declared " + CLOUDEVENTS_JSON + " but is not a JSON object"));
    } else {
      event = MAPPER.createObjectNode();
      event.put("datacontenttype", contentType);
      putData(event, data, contentType);
    }
    event.put("specversion", TopicMessage.SPEC_VERSION);
    if (!event.hasNonNull("id") || event.get("id").asText().isBlank()) {
      event.put("id", UUID.randomUUID().toString());
    }
    putIfAbsent(event, "source", appId);
    putIfAbsent(event, "type", EVENT_TYPE);
    putIfAbsent(event, "datacontenttype", "application/json");
    event.put("topic", topic);
    event.put("pubsubname", pubsubName);
    for (String trace : new String[] {"traceparent", "tracestate"}) {
      String v = metadata.get(trace);
      if (v != null && !v.isBlank()) {
        event.put(trace, v);
      }
    }
    try {
      return new Envelope(event.get("id").asText(), MAPPER.writeValueAsBytes(event));
    } catch (JsonProcessingException e) {
      throw new CapaException(ErrorCode.INTERNAL, "cannot write the CloudEvent: " + e.getOriginalMessage(), e);
    }
  }

  public static boolean isCloudEventsJson(String contentType) {
    return baseType(contentType).equals(CLOUDEVENTS_JSON);
  }

  private static void putData(ObjectNode event, byte[] data, String contentType) {
    String base = baseType(contentType);
    if (base.equals("application/json") || base.endsWith("+json")) {
      Optional<JsonNode> json = parse(data);
      if (json.isPresent()) {
        event.set("data", json.get());
        return;
      }
    } else if (base.startsWith("text/") || base.equals("application/xml")) {
      String text = new String(data, StandardCharsets.UTF_8);
      if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), data)) {
        event.put("data", text);
        return;
      }
    }
    event.put("data_base64", Base64.getEncoder().encodeToString(data));
  }

  /**
   * The message a subscriber sees for {@code raw} as the broker delivered it. A payload that is not a
   * CloudEvent (or {@code rawPayload} subscriptions) arrives whole as {@code data}, with a fresh id.
   */
  public static TopicMessage unwrap(
      byte[] raw, boolean rawPayload, String topic, String pubsubName, Acknowledger acknowledger) {
    Optional<ObjectNode> parsed = rawPayload ? Optional.empty() : parseObject(raw);
    if (parsed.isEmpty() || !TopicMessage.SPEC_VERSION.equals(text(parsed.get(), "specversion"))) {
      return new TopicMessage(UUID.randomUUID().toString(), "pubsub/" + pubsubName, EVENT_TYPE,
          TopicMessage.SPEC_VERSION, "application/octet-stream", Optional.empty(), Optional.empty(), raw,
          topic, pubsubName, Map.of(), acknowledger);
    }
    ObjectNode e = parsed.get();
    String contentType = Optional.ofNullable(text(e, "datacontenttype")).orElse("application/json");
    byte[] data;
    if (e.hasNonNull("data_base64")) {
      try {
        data = Base64.getDecoder().decode(e.get("data_base64").asText());
      } catch (IllegalArgumentException bad) {
        data = e.get("data_base64").asText().getBytes(StandardCharsets.UTF_8);
      }
    } else if (!e.has("data") || e.get("data").isNull()) {
      data = new byte[0];
    } else if (e.get("data").isTextual() && !isJson(contentType)) {
      data = e.get("data").asText().getBytes(StandardCharsets.UTF_8);
    } else {
      data = e.get("data").toString().getBytes(StandardCharsets.UTF_8);
    }
    Map<String, String> extensions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : e.properties()) {
      if (!CORE.contains(f.getKey()) && EXTENSION.matcher(f.getKey()).matches() && !f.getValue().isNull()) {
        extensions.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
      }
    }
    return new TopicMessage(
        orElse(text(e, "id"), UUID.randomUUID().toString()),
        orElse(text(e, "source"), "pubsub/" + pubsubName),
        orElse(text(e, "type"), EVENT_TYPE),
        TopicMessage.SPEC_VERSION,
        contentType,
        Optional.ofNullable(text(e, "subject")).filter(s -> !s.isBlank()),
        time(text(e, "time")),
        data,
        topic,
        pubsubName,
        extensions,
        acknowledger);
  }

  /** The event as CloudEvents JSON again, for delivery targets that take the envelope (HTTP routes). */
  public static byte[] toJson(TopicMessage m) {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("specversion", m.specVersion());
    event.put("id", m.id());
    event.put("source", m.source());
    event.put("type", m.type());
    event.put("datacontenttype", m.dataContentType());
    m.subject().ifPresent(s -> event.put("subject", s));
    m.time().ifPresent(t -> event.put("time", t.toString()));
    event.put("topic", m.topic());
    event.put("pubsubname", m.pubsubName());
    m.extensions().forEach(event::put);
    putData(event, m.data(), m.dataContentType());
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new CapaException(ErrorCode.INTERNAL, "cannot write the CloudEvent: " + e.getOriginalMessage(), e);
    }
  }

  private static boolean isJson(String contentType) {
    String base = baseType(contentType);
    return base.equals("application/json") || base.endsWith("+json");
  }

  private static String baseType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static Optional<Instant> time(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String text(ObjectNode e, String field) {
    JsonNode n = e.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String orElse(String v, String fallback) {
    return v == null || v.isBlank() ? fallback : v;
  }

  private static void putIfAbsent(ObjectNode event, String field, String value) {
    if (!event.hasNonNull(field) || event.get(field).asText().isBlank()) {
      event.put(field, value);
    }
  }

  private static Optional<JsonNode> parse(byte[] data) {
    try {
      return Optional.ofNullable(MAPPER.readTree(data)).filter(n -> !n.isMissingNode());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<ObjectNode> parseObject(byte[] data) {
    return parse(data).filter(JsonNode::isObject).map(ObjectNode.class::cast);
  }
}
