package io.capa.runtime.internal.http;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ReminderInfo;
import io.capa.runtime.internal.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * INTERNAL API: the {@code /v1.0/actors/...} routes, translating between Dapr's HTTP shapes and
 * {@link ActorService}. Every continuation is a non-async stage method: it runs on the thread that
 * completed the service's stage, never on the common pool.
 */
final class ActorHandlers {
  /** Per-request deadline, Go style or ISO 8601; it becomes {@link ActorInvocation#timeout()}. */
  static final String TIMEOUT_HEADER = "capa-timeout";

  private final ActorService actors;

  ActorHandlers(ActorService actors) {
    this.actors = actors;
  }

  CompletionStage<HttpResponse> handle(RouteMatch m, HttpRequest request, byte[] body) {
    HttpMethod method = request.method();
    switch (m.route()) {
      case ACTOR_METHOD:
        return invoke(m, request, body);
      case ACTOR_STATE_KEY:
        return actors.getState(actor(m), m.param(2)).thenApply(ActorHandlers::stateValue);
      case ACTOR_STATE:
        return actors.transactState(actor(m), ActorBodies.transaction(body)).thenApply(v -> Responses.noContent());
      case ACTOR_REMINDER:
        return reminder(m, method, body);
      case ACTOR_REMINDERS:
        return actors.listReminders(actor(m)).thenApply(ActorHandlers::reminderList);
      case TYPE_REMINDERS:
        return actors.listReminders(actorType(m.param(0))).thenApply(ActorHandlers::reminderList);
      case ACTOR_TIMER:
        if (method.equals(HttpMethods.DELETE)) {
          return actors.unregisterTimer(actor(m), m.param(2)).thenApply(removed -> Responses.noContent());
        }
        return actors.registerTimer(actor(m), ActorBodies.timer(m.param(2), body))
            .thenApply(v -> Responses.noContent());
      default:
        throw new IllegalStateException("not an actor route: " + m.route());
    }
  }

  private CompletionStage<HttpResponse> invoke(RouteMatch m, HttpRequest request, byte[] body) {
    ActorInvocation invocation = new ActorInvocation(actor(m), m.param(2), body, timeout(request));
    return actors.invoke(invocation).thenApply(result -> Responses.json(200, result == null ? new byte[0] : result));
  }

  private CompletionStage<HttpResponse> reminder(RouteMatch m, HttpMethod method, byte[] body) {
    ActorId actor = actor(m);
    String name = m.param(2);
    if (method.equals(HttpMethods.GET)) {
      return actors.getReminder(actor, name).thenApply(info -> reminderResponse(info, actor, name));
    }
    if (method.equals(HttpMethods.DELETE)) {
      // Dapr answers a delete of an absent reminder with success too: deleting is idempotent.
      return actors.unregisterReminder(actor, name).thenApply(removed -> Responses.noContent());
    }
    return actors.registerReminder(actor, ActorBodies.reminder(name, body)).thenApply(v -> Responses.noContent());
  }

  private static HttpResponse reminderResponse(Optional<ReminderInfo> info, ActorId actor, String name) {
    if (info.isEmpty()) {
      return Responses.error(ErrorCode.REMINDER_NOT_FOUND, "no reminder \"" + name + "\" on actor " + actor);
    }
    return Responses.json(200, Json.write(gen -> ActorBodies.writeReminder(gen, info.get())));
  }

  private static HttpResponse reminderList(List<ReminderInfo> reminders) {
    return Responses.json(
        200,
        Json.write(
            gen -> {
              gen.writeStartArray();
              for (ReminderInfo info : reminders) {
                ActorBodies.writeReminder(gen, info);
              }
              gen.writeEndArray();
            }));
  }

  private static HttpResponse stateValue(Optional<byte[]> value) {
    return value.isPresent() ? Responses.json(200, value.get()) : HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
  }

  private static ActorId actor(RouteMatch m) {
    return new ActorId(m.param(0), m.param(1));
  }

  private static String actorType(String type) {
    return new ActorId(type, "-").type(); // validated as an ActorId would be
  }

  private static Duration timeout(HttpRequest request) {
    Optional<HttpHeader> header = request.getHeader(TIMEOUT_HEADER);
    if (header.isEmpty()) {
      return null;
    }
    try {
      return Durations.parse(header.get().value());
    } catch (IllegalArgumentException e) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, TIMEOUT_HEADER + " header: " + e.getMessage());
    }
  }
}
