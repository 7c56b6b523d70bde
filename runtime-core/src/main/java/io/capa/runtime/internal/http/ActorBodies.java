package io.capa.runtime.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.StateOperation;
import io.capa.api.actors.TimerSpec;
import io.capa.runtime.internal.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API: the JSON bodies of the actor routes, in Dapr's shapes, to and from the api-spec
 * records. Syntax and shape errors are {@code ERR_MALFORMED_JSON}; values the records reject surface
 * as their {@link IllegalArgumentException} ({@code ERR_INVALID_REQUEST}).
 */
final class ActorBodies {
  /** Dapr retries forever when a constant policy has no maxRetries; this is our nearest bound. */
  static final int UNBOUNDED_RETRIES = Integer.MAX_VALUE;

  private ActorBodies() {}

  /** {@code [{"operation":"upsert","request":{"key":"k","value":<json>}}, ...]}. */
  static List<StateOperation> transaction(byte[] body) {
    JsonNode root = Json.parse(body, "a JSON array of state operations");
    if (!root.isArray()) {
      throw Json.malformed("expected a JSON array of state operations, got " + Json.kind(root));
    }
    List<StateOperation> ops = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      String where = "operation " + i + ": ";
      JsonNode op = object(root.get(i), where.substring(0, where.length() - 2));
      String operation = text(op, "operation", where);
      JsonNode request = object(op.get("request"), where + "request");
      String key = text(request, "key", where + "request.");
      if ("upsert".equals(operation)) {
        JsonNode value = request.get("value");
        if (value == null) {
          throw new CapaException(ErrorCode.INVALID_REQUEST, where + "upsert of \"" + key + "\" has no value");
        }
        ops.add(new StateOperation.Upsert(key, Json.bytes(value)));
      } else if ("delete".equals(operation)) {
        ops.add(new StateOperation.Delete(key));
      } else {
        throw new CapaException(
            ErrorCode.INVALID_REQUEST,
            where + "unknown operation \"" + operation + "\" (expected upsert or delete)");
      }
    }
    return ops;
  }

  /** {@code {"dueTime","period","ttl","data":<json>,"failurePolicy":{...}}}. */
  static ReminderSpec reminder(String name, byte[] body) {
    JsonNode root = object(Json.parse(body, "a JSON object"), "the body");
    return new ReminderSpec(
        name,
        data(root),
        text(root, "dueTime", ""),
        text(root, "period", ""),
        text(root, "ttl", ""),
        failurePolicy(root.get("failurePolicy")));
  }

  /** {@code {"dueTime","period","ttl","callback","data":<json>}}. */
  static TimerSpec timer(String name, byte[] body) {
    JsonNode root = object(Json.parse(body, "a JSON object"), "the body");
    return new TimerSpec(
        name,
        text(root, "callback", ""),
        data(root),
        text(root, "dueTime", ""),
        text(root, "period", ""),
        text(root, "ttl", ""));
  }

  static void writeReminder(JsonGenerator gen, ReminderInfo info) throws IOException {
    ReminderSpec spec = info.spec();
    gen.writeStartObject();
    gen.writeStringField("actorType", info.actor().type());
    gen.writeStringField("actorId", info.actor().id());
    gen.writeStringField("name", spec.name());
    gen.writeStringField("dueTime", spec.dueTime());
    gen.writeStringField("period", spec.period());
    gen.writeStringField("ttl", spec.ttl());
    gen.writeFieldName("data");
    writeData(gen, spec.data());
    gen.writeFieldName("failurePolicy");
    writePolicy(gen, spec.failurePolicy());
    gen.writeStringField("registeredAt", info.registeredAt().toString());
    if (info.nextFire().isPresent()) {
      gen.writeStringField("nextFire", info.nextFire().get().toString());
    } else {
      gen.writeNullField("nextFire");
    }
    gen.writeNumberField("fired", info.fired());
    gen.writeEndObject();
  }

  /** Data registered over HTTP is JSON and is embedded as is; other bytes (from RPC) go as base64. */
  private static void writeData(JsonGenerator gen, byte[] data) throws IOException {
    if (data.length == 0) {
      gen.writeNull();
      return;
    }
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(data);
    } catch (IOException notJson) {
      gen.writeBinary(data);
      return;
    }
    gen.writeTree(tree);
  }

  private static void writePolicy(JsonGenerator gen, FailurePolicy policy) throws IOException {
    gen.writeStartObject();
    if (policy instanceof FailurePolicy.Retry) {
      FailurePolicy.Retry retry = (FailurePolicy.Retry) policy;
      gen.writeObjectFieldStart("constant");
      gen.writeNumberField("maxRetries", retry.maxRetries());
      gen.writeStringField("interval", retry.interval().toString());
      gen.writeEndObject();
    } else {
      gen.writeObjectFieldStart("drop");
      gen.writeEndObject();
    }
    gen.writeEndObject();
  }

  private static FailurePolicy failurePolicy(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode policy = object(node, "failurePolicy");
    if (policy.size() != 1 || !(policy.has("drop") || policy.has("constant"))) {
      throw Json.malformed("failurePolicy: expected {\"drop\":{}} or {\"constant\":{...}}");
    }
    if (policy.has("drop")) {
      return FailurePolicy.drop();
    }
    JsonNode constant = object(policy.get("constant"), "failurePolicy.constant");
    JsonNode max = constant.get("maxRetries");
    int maxRetries = UNBOUNDED_RETRIES;
    if (max != null && !max.isNull()) {
      if (!max.canConvertToInt() || !max.isIntegralNumber()) {
        throw Json.malformed("failurePolicy.constant.maxRetries: expected an integer, got " + max);
      }
      maxRetries = max.intValue();
    }
    String interval = text(constant, "interval", "failurePolicy.constant.");
    if (interval == null) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "failurePolicy.constant.interval is required");
    }
    Duration parsed;
    try {
      parsed = Durations.parse(interval);
    } catch (IllegalArgumentException e) {
      throw new CapaException(ErrorCode.INVALID_SCHEDULE, "failurePolicy.constant.interval: " + e.getMessage());
    }
    return FailurePolicy.retry(maxRetries, parsed);
  }

  private static byte[] data(JsonNode root) {
    JsonNode data = root.get("data");
    return data == null || data.isNull() ? null : Json.bytes(data);
  }

  private static JsonNode object(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw Json.malformed(what + ": expected a JSON object, got " + (node == null ? "nothing" : Json.kind(node)));
    }
    return node;
  }

  private static String text(JsonNode object, String field, String where) {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw Json.malformed(where + field + ": expected a string, got " + Json.kind(n));
    }
    return n.textValue();
  }
}
