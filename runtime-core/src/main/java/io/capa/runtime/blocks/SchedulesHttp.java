package io.capa.runtime.blocks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.schedules.ScheduleInfo;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.schedules.ScheduleSpec;
import io.capa.api.schedules.ScheduleTarget;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The schedules building block over HTTP:
 *
 * <pre>
 *   POST   /v1.0-alpha1/schedules/{name}   {"cron":"@every 10s",
 *                                           "target":{"appId":"billing","method":"run"}
 *                                                  | {"actorType":"Cart","actorId":"c1","method":"tick"},
 *                                           "data":{...any JSON...}, "until":"2030-01-01T00:00:00Z",
 *                                           "failurePolicy":{"maxRetries":3,"interval":"5s"}}   → 204
 *   GET    /v1.0-alpha1/schedules/{name}   the schedule with createdAt, nextFire and fired; 404 when none
 *   DELETE /v1.0-alpha1/schedules/{name}   204, or 404
 *   GET    /v1.0-alpha1/schedules          {"schedules":[...]} by name
 * </pre>
 *
 * The target receives {@code data} as JSON text. A missing schedule answers {@code
 * ERR_REMINDER_NOT_FOUND}: a schedule is a reminder underneath.
 */
public final class SchedulesHttp implements HttpRoutes {
  private static final String PREFIX = "v1.0-alpha1";
  private static final ObjectReader JSON = HttpReplies.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final ScheduleService schedules;

  public SchedulesHttp(ScheduleService schedules) {
    this.schedules = Objects.requireNonNull(schedules, "schedules");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> segments) {
    if (segments.size() < 2 || segments.size() > 3 || !segments.get(0).equals(PREFIX) || !segments.get(1).equals("schedules")) {
      return Optional.empty();
    }
    if (segments.size() == 2) {
      return request.method().equals(HttpMethods.GET)
          ? Optional.of(new HttpRoute("/v1.0-alpha1/schedules", false, (r, b) -> list()))
          : Optional.empty();
    }
    String name = segments.get(2);
    String template = "/v1.0-alpha1/schedules/{name}";
    if (request.method().equals(HttpMethods.POST)) {
      return Optional.of(new HttpRoute(template, true, (r, body) ->
          schedules.create(spec(name, body)).thenApply(v -> HttpReplies.noContent())));
    }
    if (request.method().equals(HttpMethods.GET)) {
      return Optional.of(new HttpRoute(template, false, (r, body) -> schedules.get(name).thenApply(info ->
          HttpReplies.json(200, json(info.orElseThrow(() -> notFound(name)))))));
    }
    if (request.method().equals(HttpMethods.DELETE)) {
      return Optional.of(new HttpRoute(template, false, (r, body) -> schedules.delete(name).thenApply(existed -> {
        if (!existed) {
          throw notFound(name);
        }
        return HttpReplies.noContent();
      })));
    }
    return Optional.empty();
  }

  private CompletionStage<HttpResponse> list() {
    return schedules.list().thenApply(all -> HttpReplies.json(200, Map.of("schedules", all.stream().map(SchedulesHttp::json).toList())));
  }

  private static CapaException notFound(String name) {
    return new CapaException(ErrorCode.REMINDER_NOT_FOUND, "no schedule named " + name);
  }

  static ScheduleSpec spec(String name, byte[] body) {
    JsonNode n = parse(body);
    if (!n.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object with cron and target");
    }
    JsonNode cron = n.get("cron");
    if (cron == null || !cron.isTextual() || cron.asText().isBlank()) {
      throw new IllegalArgumentException("cron must be a non-empty string, for instance \"@every 10s\" or \"0 30 * * * *\"");
    }
    ScheduleTarget target = target(n.get("target"));
    byte[] data = n.hasNonNull("data") ? n.get("data").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
    Optional<Instant> until = Optional.empty();
    if (n.hasNonNull("until")) {
      try {
        until = Optional.of(Instant.parse(n.get("until").asText()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("until must be an RFC 3339 instant such as 2030-01-01T00:00:00Z, got " + n.get("until"));
      }
    }
    return new ScheduleSpec(name, cron.asText(), target, data, until, policy(n.get("failurePolicy")));
  }

  private static ScheduleTarget target(JsonNode t) {
    if (t == null || !t.isObject()) {
      throw new IllegalArgumentException("target must be {\"appId\":...,\"method\":...} or {\"actorType\":...,\"actorId\":...,\"method\":...}");
    }
    String method = text(t, "method", "target.method");
    if (t.has("appId")) {
      return ScheduleTarget.app(text(t, "appId", "target.appId"), method);
    }
    if (t.has("actorType")) {
      return ScheduleTarget.actor(new ActorId(text(t, "actorType", "target.actorType"), text(t, "actorId", "target.actorId")), method);
    }
    throw new IllegalArgumentException("target needs appId, or actorType and actorId");
  }

  private static FailurePolicy policy(JsonNode p) {
    if (p == null || p.isNull()) {
      return FailurePolicy.drop();
    }
    if (!p.isObject() || !p.path("maxRetries").canConvertToInt() || !p.path("maxRetries").isIntegralNumber()) {
      throw new IllegalArgumentException("failurePolicy must be {\"maxRetries\": n, \"interval\": \"5s\"}");
    }
    Duration interval = p.hasNonNull("interval") ? duration(p.get("interval").asText()) : Duration.ofSeconds(1);
    return FailurePolicy.retry(p.get("maxRetries").intValue(), interval);
  }

  private static String text(JsonNode n, String field, String what) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(what + " must be a non-empty string");
    }
    return v.asText();
  }

  private static Duration duration(String text) {
    Matcher m = SIMPLE_DURATION.matcher(text.strip());
    if (m.matches()) {
      long v = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(v);
        case "s" -> Duration.ofSeconds(v);
        case "m" -> Duration.ofMinutes(v);
        default -> Duration.ofHours(v);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("failurePolicy.interval must be a duration such as 5s or PT5S, got \"" + text + "\"");
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the body is empty; expected a JSON object with cron and target");
    }
    try {
      return JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the body is not JSON: " + e.getMessage());
    }
  }

  private static Map<String, Object> json(ScheduleInfo info) {
    ScheduleSpec s = info.spec();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("cron", s.cron());
    Map<String, Object> target = new LinkedHashMap<>();
    if (s.target() instanceof ScheduleTarget.AppMethod a) {
      target.put("appId", a.appId());
      target.put("method", a.method());
    } else {
      ScheduleTarget.ActorMethod a = (ScheduleTarget.ActorMethod) s.target();
      target.put("actorType", a.actor().type());
      target.put("actorId", a.actor().id());
      target.put("method", a.method());
    }
    m.put("target", target);
    if (s.data().length > 0) {
      try {
        m.put("data", JSON.readTree(s.data()));
      } catch (IOException e) {
        m.put("dataBase64", Base64.getEncoder().encodeToString(s.data())); // set through the Java API, not JSON
      }
    }
    s.until().ifPresent(u -> m.put("until", u.toString()));
    if (s.failurePolicy() instanceof FailurePolicy.Retry r) {
      m.put("failurePolicy", Map.of("maxRetries", r.maxRetries(), "interval", r.interval().toString()));
    }
    m.put("createdAt", info.createdAt().toString());
    m.put("nextFire", info.nextFire().map(Instant::toString).orElse(null));
    m.put("fired", info.fired());
    return m;
  }
}
