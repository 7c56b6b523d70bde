package io.capa.examples.greeter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ReminderSpec;
import io.capa.sdk.api.ActorTurn;
import io.capa.sdk.api.HostedActor;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code Greeter} actor type, served by the greeter application from its own JVM and called
 * through the runtime. Arguments, results and state values are JSON, so the runtime's HTTP API shows
 * them as they are ({@code GET /v1.0/actors/Greeter/{id}/state/greetings} answers {@code 2}).
 *
 * <table>
 *   <caption>methods</caption>
 *   <tr><th>method</th><th>argument</th><th>result</th></tr>
 *   <tr><td>{@code greet}</td><td>a JSON string, the name (absent: "world")</td>
 *       <td>{@code {"greeting":"Hello, Bob!","greetings":3}}</td></tr>
 *   <tr><td>{@code remind}</td><td>a JSON string, the due time (absent: the configured one)</td>
 *       <td>{@code {"reminder":"wave","dueTime":"1s"}}</td></tr>
 *   <tr><td>{@code stats}</td><td>none</td>
 *       <td>{@code {"greetings":3,"lastName":"Bob","remindersFired":1}}</td></tr>
 * </table>
 *
 * <p>State keys: {@value #GREETINGS} (a number), {@value #LAST_NAME} (a string), {@value
 * #REMINDERS_FIRED} (a number, incremented each time the reminder {@value #REMINDER} fires).
 */
public final class Greeter implements HostedActor {
  public static final String TYPE = "Greeter";
  public static final String GREETINGS = "greetings";
  public static final String LAST_NAME = "lastName";
  public static final String REMINDERS_FIRED = "remindersFired";
  public static final String REMINDER = "wave";
  static final String DEFAULT_NAME = "world";

  // Trailing tokens fail: "\"Bob\" junk" is a mistake, not the name Bob.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final int maxNameLength;
  private final String defaultDueTime;

  /**
   * @param maxNameLength the longest name {@code greet} accepts, in characters
   * @param defaultDueTime the due time of {@code remind} without an argument
   */
  public Greeter(int maxNameLength, String defaultDueTime) {
    if (maxNameLength < 1) {
      throw new IllegalArgumentException("maxNameLength must be at least 1: " + maxNameLength);
    }
    if (defaultDueTime == null || defaultDueTime.isBlank()) {
      throw new IllegalArgumentException("defaultDueTime must not be empty");
    }
    this.maxNameLength = maxNameLength;
    this.defaultDueTime = defaultDueTime;
  }

  @Override
  public CompletionStage<byte[]> invoke(ActorTurn turn, String method, byte[] payload) {
    try {
      return switch (method) {
        case "greet" -> greet(turn, name(payload));
        case "remind" -> remind(turn, text(payload, "remind", "a due time such as \"1s\"").orElse(defaultDueTime));
        case "stats" -> stats(turn);
        default -> throw new CapaException(ErrorCode.ACTOR_METHOD_NOT_FOUND,
            "Greeter has no method '" + method + "' (it has greet, remind and stats)");
      };
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Void> reminder(ActorTurn turn, String name, byte[] data) {
    if (!REMINDER.equals(name)) {
      // Not one this type registers (it could come from the HTTP API): acknowledged, nothing changed.
      return CompletableFuture.completedFuture(null);
    }
    return turn.getState(REMINDERS_FIRED)
        .thenCompose(v -> turn.setState(REMINDERS_FIRED, number(count(v, REMINDERS_FIRED) + 1)));
  }

  private CompletionStage<byte[]> greet(ActorTurn turn, String name) {
    return turn.getState(GREETINGS).thenApply(v -> {
      long greetings = count(v, GREETINGS) + 1;
      // Not awaited: writes travel ahead of the result, and the runtime saves both or neither.
      turn.setState(GREETINGS, number(greetings));
      turn.setState(LAST_NAME, string(name));
      ObjectNode result = JSON.createObjectNode().put("greeting", "Hello, " + name + "!").put(GREETINGS, greetings);
      return encode(result);
    });
  }

  private static CompletionStage<byte[]> remind(ActorTurn turn, String dueTime) {
    // No period: the reminder fires once. The runtime checks the schedule and fails the turn with
    // ERR_INVALID_SCHEDULE when it cannot read it.
    return turn.registerReminder(new ReminderSpec(REMINDER, null, dueTime, "", "", null))
        .thenApply(x -> encode(JSON.createObjectNode().put("reminder", REMINDER).put("dueTime", dueTime)));
  }

  private static CompletionStage<byte[]> stats(ActorTurn turn) {
    CompletableFuture<Optional<byte[]>> greetings = turn.getState(GREETINGS).toCompletableFuture();
    CompletableFuture<Optional<byte[]>> last = turn.getState(LAST_NAME).toCompletableFuture();
    CompletableFuture<Optional<byte[]>> fired = turn.getState(REMINDERS_FIRED).toCompletableFuture();
    return CompletableFuture.allOf(greetings, last, fired).thenApply(x -> {
      ObjectNode result = JSON.createObjectNode().put(GREETINGS, count(greetings.join(), GREETINGS));
      Optional<String> name = last.join().map(b -> storedString(b, LAST_NAME));
      if (name.isPresent()) {
        result.put(LAST_NAME, name.get());
      } else {
        result.putNull(LAST_NAME);
      }
      return encode(result.put(REMINDERS_FIRED, count(fired.join(), REMINDERS_FIRED)));
    });
  }

  private String name(byte[] payload) {
    String name = text(payload, "greet", "a name such as \"Bob\"").orElse(DEFAULT_NAME);
    if (name.length() > maxNameLength) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "greet takes a name of at most " + maxNameLength + " characters, not " + name.length());
    }
    return name;
  }

  /** The argument as a JSON string; empty when there is no argument. */
  private static Optional<String> text(byte[] payload, String method, String what) {
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (IOException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON,
          method + " takes " + what + " as a JSON string; the argument is not JSON: " + firstLine(e), e);
    }
    if (node == null || node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          method + " takes " + what + " as a non-empty JSON string, not " + describe(node));
    }
    return Optional.of(node.asText().strip());
  }

  private static String describe(JsonNode node) {
    return node.isTextual() ? "a blank string" : "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String firstLine(IOException e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** A saved counter; a value that is not a whole number fails the turn naming the key. */
  private static long count(Optional<byte[]> value, String key) {
    if (value.isEmpty()) {
      return 0;
    }
    JsonNode node = stored(value.get(), key);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalStateException("state key '" + key + "' holds " + describe(node) + ", not a whole number");
    }
    return node.asLong();
  }

  private static String storedString(byte[] value, String key) {
    JsonNode node = stored(value, key);
    if (!node.isTextual()) {
      throw new IllegalStateException("state key '" + key + "' holds " + describe(node) + ", not a string");
    }
    return node.asText();
  }

  private static JsonNode stored(byte[] value, String key) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node == null || node.isMissingNode()) {
        throw new IllegalStateException("state key '" + key + "' holds an empty value");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("state key '" + key + "' does not hold JSON: " + firstLine(e), e);
    }
  }

  private static byte[] number(long n) {
    return encode(JSON.getNodeFactory().numberNode(n));
  }

  private static byte[] string(String s) {
    return encode(JSON.getNodeFactory().textNode(s));
  }

  private static byte[] encode(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      // A tree of numbers and strings always serializes; this would be a bug in Jackson.
      throw new IllegalStateException("could not encode " + node.getNodeType(), e);
    }
  }
}
