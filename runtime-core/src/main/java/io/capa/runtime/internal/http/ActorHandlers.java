package io.capa.runtime.internal.http;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.StateOperation;
import io.capa.api.actors.TimerSpec;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.InvocationSource;
import io.capa.runtime.internal.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * INTERNAL API: the {@code /v1.0/actors/...} routes, translating between Dapr's HTTP shapes and
 * {@link ActorService}. Each call enters the {@link InvocationGraph} with target {@code
 * actor/{type}/{id}} ({@code actor/{type}} for a type's reminder list), so a slow actor answers its
 * excess callers 429 instead of piling them up. Every continuation is a non-async stage method: it runs on the thread that
 * completed the service's stage, never on the common pool.
 */
final class ActorHandlers {
  /** Per-request deadline, Go style or ISO 8601; it becomes {@link ActorInvocation#timeout()}. */
  static final String TIMEOUT_HEADER = "capa-timeout";

  private final ActorService actors;
  private final InvocationGraph graph;

  ActorHandlers(ActorService actors, InvocationGraph graph) {
    this.actors = actors;
    this.graph = graph;
  }

  /** {@code trace} is the request span's context, passed on in the invocation's metadata. */
  CompletionStage<HttpResponse> handle(RouteMatch m, HttpRequest request, byte[] body, Map<String, String> trace) {
    HttpMethod method = request.method();
    // Inputs are checked here, before submitting, so a bad request never takes a slot of its target.
    switch (m.route()) {
      case ACTOR_METHOD: {
        ActorInvocation invocation = new ActorInvocation(actor(m), m.param(2), body, timeout(request), trace);
        return submit(invocation.actor(), invocation.timeout(), () -> actors.invoke(invocation))
            .thenApply(result -> Responses.json(200, result == null ? new byte[0] : result));
      }
      case ACTOR_STATE_KEY: {
        ActorId actor = actor(m);
        String key = m.param(2);
        return submit(actor, null, () -> actors.getState(actor, key)).thenApply(ActorHandlers::stateValue);
      }
      case ACTOR_STATE: {
        ActorId actor = actor(m);
        List<StateOperation> operations = ActorBodies.transaction(body);
        return submit(actor, null, () -> actors.transactState(actor, operations)).thenApply(v -> Responses.noContent());
      }
      case ACTOR_REMINDER:
        return reminder(m, method, body);
      case ACTOR_REMINDERS: {
        ActorId actor = actor(m);
        return submit(actor, null, () -> actors.listReminders(actor)).thenApply(ActorHandlers::reminderList);
      }
      case TYPE_REMINDERS: {
        String type = actorType(m.param(0));
        return graph
            .submit(Invocation.of(InvocationSource.HTTP, "actor/" + type, () -> actors.listReminders(type)))
            .thenApply(ActorHandlers::reminderList);
      }
      case ACTOR_TIMER: {
        ActorId actor = actor(m);
        if (method.equals(HttpMethods.DELETE)) {
          String name = m.param(2);
          return submit(actor, null, () -> actors.unregisterTimer(actor, name)).thenApply(removed -> Responses.noContent());
        }
        TimerSpec timer = ActorBodies.timer(m.param(2), body);
        return submit(actor, null, () -> actors.registerTimer(actor, timer)).thenApply(v -> Responses.noContent());
      }
      default:
        throw new IllegalStateException("not an actor route: " + m.route());
    }
  }

  /** Every actor route goes through the graph, with the actor as its target. */
  private <T> CompletionStage<T> submit(ActorId actor, Duration timeout, Supplier<CompletionStage<T>> call) {
    return graph.submit(
        Invocation.of(InvocationSource.HTTP, "actor/" + actor.type() + "/" + actor.id(), call).withTimeout(timeout));
  }

  private CompletionStage<HttpResponse> reminder(RouteMatch m, HttpMethod method, byte[] body) {
    ActorId actor = actor(m);
    String name = m.param(2);
    if (method.equals(HttpMethods.GET)) {
      return submit(actor, null, () -> actors.getReminder(actor, name)).thenApply(info -> reminderResponse(info, actor, name));
    }
    if (method.equals(HttpMethods.DELETE)) {
      // Dapr answers a delete of an absent reminder with success too: deleting is idempotent.
      return submit(actor, null, () -> actors.unregisterReminder(actor, name)).thenApply(removed -> Responses.noContent());
    }
    ReminderSpec spec = ActorBodies.reminder(name, body);
    return submit(actor, null, () -> actors.registerReminder(actor, spec)).thenApply(v -> Responses.noContent());
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
