package io.capa.sidecar;

import static io.capa.sidecar.TestNode.bytes;
import static io.capa.sidecar.TestNode.text;

import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.TimerSpec;
import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.RpcException;
import io.capa.sidecar.protocol.RuntimeProtocol.ActorHost;
import io.capa.sidecar.protocol.RuntimeProtocol.Turn;
import io.capa.sidecar.protocol.internal.Convert;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An application's actor host: a counter kept in the turn's state ("total"), plus methods that fail,
 * hang, hold until released, start timers and register reminders. Everything it does goes through
 * the {@code Turn} capability of the call, as an application in another process would do it.
 */
final class TestHost extends ActorHost.Server {
  /** What the host saw, in order: "invoke:id:method", "reminder:id:name", "activated:id", ... */
  final List<String> events = new CopyOnWriteArrayList<>();
  /** Completed when a "hold" or "hang" call of that actor id has reached the host. */
  final ConcurrentHashMap<String, CompletableFuture<Void>> entered = new ConcurrentHashMap<>();
  /** Complete to let a "hold" call of that actor id answer. */
  final ConcurrentHashMap<String, CompletableFuture<Void>> release = new ConcurrentHashMap<>();
  /** Completed when the runtime cancelled a call of that actor id. */
  final ConcurrentHashMap<String, CompletableFuture<Void>> cancelled = new ConcurrentHashMap<>();

  /** A turn capability kept past the end of its turn by "keepTurn". */
  volatile Turn.Client kept;

  static CompletableFuture<Void> slot(ConcurrentHashMap<String, CompletableFuture<Void>> map, String id) {
    return map.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  long count(String event) {
    return events.stream().filter(event::equals).count();
  }

  @Override
  protected CompletionStage<?> invoke(CallContext call, ActorHost.InvokeParams.Reader params,
      Supplier<ActorHost.InvokeResults.Builder> results) {
    String id = params.getActorId();
    String method = params.getMethod();
    String payload = text(params.getPayload());
    Turn.Client turn = params.getTurn();
    events.add("invoke:" + id + ":" + method);
    call.whenCanceled().thenRun(() -> slot(cancelled, id).complete(null));
    return switch (method) {
      case "add" -> total(turn).thenCompose(t -> set(turn, "total", Long.toString(t + Long.parseLong(payload)))
          .thenApply(v -> t + Long.parseLong(payload)))
          .thenAccept(t -> results.get().setResult(bytes(Long.toString(t))));
      case "get" -> total(turn).thenAccept(t -> results.get().setResult(bytes(Long.toString(t))));
      case "remove" -> turn.removeState(p -> p.setKey("total")).response()
          .thenAccept(r -> results.get().setResult(bytes(Boolean.toString(r.getExisted()))));
      case "keys" -> turn.stateKeys().response()
          .thenAccept(r -> results.get().setResult(bytes(String.join(",", r.getKeys()))));
      case "failAfterWrite" -> set(turn, "total", "999")
          .thenCompose(v -> CompletableFuture.failedFuture(
              RpcException.failed("ERR_PERMISSION_DENIED: the application refused " + payload)));
      case "hang" -> set(turn, "total", "777").thenCompose(v -> {
        slot(entered, id).complete(null);
        return new CompletableFuture<Void>();
      });
      case "hold" -> set(turn, "total", payload).thenCompose(v -> {
        slot(entered, id).complete(null);
        return slot(release, id);
      }).thenAccept(v -> results.get().setResult(bytes("released")));
      case "startTimer" -> turn.startTimer(p -> Convert.timer(
          new TimerSpec("t", "onTimer", bytes(payload), "0s", "", ""), p.initTimer())).response();
      case "remind" -> turn.registerReminder(p -> Convert.reminder(ReminderSpec.of("r", "0s", ""), p.initReminder()))
          .response();
      case "onTimer" -> set(turn, "timer", payload);
      case "keepTurn" -> {
        kept = turn.dup();
        yield CompletableFuture.completedFuture(null);
      }
      case "callSelf" -> turn.callActor(p -> {
        p.setType(payload);
        p.setId(id);
        p.setMethod("add");
        p.setPayload(bytes("1"));
      }).response().thenCompose(r -> set(turn, "outer", text(r.getResult())))
          .thenAccept(v -> results.get().setResult(bytes("called")));
      case "callCounter" -> turn.callActor(p -> {
        p.setType(TestActors.COUNTER);
        p.setId(id);
        p.setMethod("add");
        p.setPayload(bytes(payload));
      }).response().thenAccept(r -> results.get().setResult(bytes(text(r.getResult()))));
      default -> CompletableFuture.failedFuture(
          RpcException.failed("ERR_ACTOR_METHOD_NOT_FOUND: the host has no method " + method));
    };
  }

  @Override
  protected CompletionStage<?> reminder(CallContext call, ActorHost.ReminderParams.Reader params,
      Supplier<ActorHost.ReminderResults.Builder> results) {
    String id = params.getActorId();
    events.add("reminder:" + id + ":" + params.getName());
    return set(params.getTurn(), "reminded", params.getName());
  }

  @Override
  protected CompletionStage<?> activated(CallContext call, ActorHost.ActivatedParams.Reader params,
      Supplier<ActorHost.ActivatedResults.Builder> results) {
    events.add("activated:" + params.getActorId());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> deactivated(CallContext call, ActorHost.DeactivatedParams.Reader params,
      Supplier<ActorHost.DeactivatedResults.Builder> results) {
    events.add("deactivated:" + params.getActorId());
    return CompletableFuture.completedFuture(null);
  }

  private static CompletionStage<Long> total(Turn.Client turn) {
    return turn.getState(p -> p.setKey("total")).response()
        .thenApply(r -> r.getFound() ? Long.parseLong(text(r.getValue())) : 0L);
  }

  private static CompletionStage<Void> set(Turn.Client turn, String key, String value) {
    return turn.setState(p -> {
      p.setKey(key);
      p.setValue(bytes(value));
    }).response().thenApply(r -> null);
  }
}
