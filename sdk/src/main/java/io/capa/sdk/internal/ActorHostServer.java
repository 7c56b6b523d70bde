package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.capnp.rpc.CallContext;
import io.capa.sdk.api.HostedActor;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.ProtocolErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the {@code ActorHost} the runtime calls for every turn of a hosted actor type. The
 * parameters are read on the connection's thread; the application's method runs on the handler
 * executor, so a slow method holds a handler thread and never the connection.
 */
final class ActorHostServer extends RuntimeProtocol.ActorHost.Server {
  private static final Logger LOG = LoggerFactory.getLogger(ActorHostServer.class);

  private final String type;
  private final HostedActor actor;
  private final Executor handlers;
  private final RuntimeLink link;

  ActorHostServer(String type, HostedActor actor, Executor handlers, RuntimeLink link) {
    this.type = type;
    this.actor = actor;
    this.handlers = handlers;
    this.link = link;
  }

  @Override
  protected CompletionStage<?> invoke(CallContext call, RuntimeProtocol.ActorHost.InvokeParams.Reader params,
      Supplier<RuntimeProtocol.ActorHost.InvokeResults.Builder> results) {
    ActorId id;
    try {
      id = new ActorId(type, params.getActorId());
    } catch (IllegalArgumentException e) {
      return failed(new CapaException(ErrorCode.INVALID_REQUEST, "ActorHost.invoke for " + type + ": " + e.getMessage()));
    }
    String method = params.getMethod();
    byte[] payload = Convert.bytes(params.getPayload());
    TurnImpl turn = new TurnImpl(id, params.getTurn(), link);
    return turn(id, "method " + method, turn, t -> actor.invoke(t, method, payload))
        .thenAccept(bytes -> results.get().setResult(bytes == null ? new byte[0] : bytes));
  }

  @Override
  protected CompletionStage<?> reminder(CallContext call, RuntimeProtocol.ActorHost.ReminderParams.Reader params,
      Supplier<RuntimeProtocol.ActorHost.ReminderResults.Builder> results) {
    ActorId id;
    try {
      id = new ActorId(type, params.getActorId());
    } catch (IllegalArgumentException e) {
      return failed(new CapaException(ErrorCode.INVALID_REQUEST, "ActorHost.reminder for " + type + ": "
          + e.getMessage()));
    }
    String name = params.getName();
    byte[] data = Convert.bytes(params.getData());
    TurnImpl turn = new TurnImpl(id, params.getTurn(), link);
    return turn(id, "reminder " + name, turn, t -> actor.reminder(t, name, data));
  }

  @Override
  protected CompletionStage<?> activated(CallContext call, RuntimeProtocol.ActorHost.ActivatedParams.Reader params,
      Supplier<RuntimeProtocol.ActorHost.ActivatedResults.Builder> results) {
    notify(params.getActorId(), "activated", actor::activated);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> deactivated(CallContext call,
      RuntimeProtocol.ActorHost.DeactivatedParams.Reader params,
      Supplier<RuntimeProtocol.ActorHost.DeactivatedResults.Builder> results) {
    notify(params.getActorId(), "deactivated", actor::deactivated);
    return CompletableFuture.completedFuture(null);
  }

  private void notify(String actorId, String what, java.util.function.Consumer<ActorId> callback) {
    try {
      ActorId id = new ActorId(type, actorId);
      handlers.execute(() -> {
        try {
          callback.accept(id);
        } catch (RuntimeException e) {
          LOG.warn("HostedActor {} of {} threw {}", what, id, e.toString());
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("Ignoring the {} notification for actor type {} with id '{}': {}", what, type, actorId, e.toString());
    }
  }

  /**
   * Runs one turn of the application's actor on the handler executor. The turn ends (its handle
   * stops working) when the method completes; a failed write or a failed method fails the turn.
   */
  private <T> CompletableFuture<T> turn(
      ActorId id, String what, TurnImpl turn, Function<TurnImpl, CompletionStage<T>> body) {
    CompletableFuture<T> out = new CompletableFuture<>();
    try {
      handlers.execute(() -> {
        CompletionStage<T> stage;
        try {
          stage = body.apply(turn);
          if (stage == null) {
            throw new IllegalStateException("the HostedActor returned no stage (null) for " + what);
          }
        } catch (Throwable t) {
          stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete((v, e) -> {
          turn.end();
          if (e != null) {
            out.completeExceptionally(ProtocolErrors.toRpc(methodFailure(id, what, e)));
          } else if (turn.writeFailure().isPresent()) {
            out.completeExceptionally(ProtocolErrors.toRpc(turn.writeFailure().get()));
          } else {
            out.complete(v);
          }
        });
      });
    } catch (RuntimeException e) {
      // The handler executor refused the task (shut down, or its queue is full).
      turn.end();
      out.completeExceptionally(ProtocolErrors.toRpc(new CapaException(ErrorCode.OVERLOADED, "actor " + id
          + ": the application's handler executor refused the turn: " + e)));
    }
    return out;
  }

  private static CapaException methodFailure(ActorId id, String what, Throwable e) {
    Throwable t = Handshake.unwrap(e);
    if (t instanceof CapaException c) {
      return c;
    }
    String type = t.getClass().getName();
    return new CapaException(ErrorCode.ACTOR_METHOD_FAILED, "actor " + id + " " + what + " failed: " + type
        + (t.getMessage() == null ? "" : ": " + t.getMessage()), type, t);
  }

  private static CompletionStage<?> failed(CapaException e) {
    return CompletableFuture.failedFuture(ProtocolErrors.toRpc(e));
  }
}
