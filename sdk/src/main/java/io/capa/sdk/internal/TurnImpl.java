package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.TimerSpec;
import io.capa.sdk.api.ActorTurn;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.Convert;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * INTERNAL API: an {@link ActorTurn} over the runtime's {@code Turn} capability of one ActorHost
 * call. Every call goes on that one capability, so the runtime receives them in the order they were
 * made and before the host call's answer (E-order); writes therefore need not be awaited. A write
 * that failed fails the turn when its method completes.
 */
final class TurnImpl implements ActorTurn {
  private final ActorId id;
  private final RuntimeProtocol.Turn.Client turn;
  private final RuntimeLink link;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicReference<CapaException> writeFailure = new AtomicReference<>();

  /** @param turn borrowed from the host call's parameters: valid until that call completes */
  TurnImpl(ActorId id, RuntimeProtocol.Turn.Client turn, RuntimeLink link) {
    this.id = id;
    this.turn = turn;
    this.link = link;
  }

  @Override
  public ActorId id() {
    return id;
  }

  /** Called when the host call completes: later uses fail instead of reaching a released capability. */
  void end() {
    ended.set(true);
  }

  /** The first write of this turn that failed, if any. */
  Optional<CapaException> writeFailure() {
    return Optional.ofNullable(writeFailure.get());
  }

  @Override
  public CompletionStage<Optional<byte[]>> getState(String key) {
    return run("getState", () -> {
      requireText(key, "state key");
      var p = turn.getState(b -> b.setKey(key));
      return link.finish("getState " + id + " " + key, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel),
          r -> r.getFound() ? Optional.of(Convert.bytes(r.getValue())) : Optional.<byte[]>empty());
    });
  }

  @Override
  public CompletionStage<Void> setState(String key, byte[] value) {
    return write("setState", () -> {
      requireText(key, "state key");
      byte[] v = Objects.requireNonNullElse(value, new byte[0]);
      var p = turn.setState(b -> {
        b.setKey(key);
        b.setValue(v);
      });
      return link.finish("setState " + id + " " + key, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> (Void) null);
    });
  }

  @Override
  public CompletionStage<Boolean> removeState(String key) {
    return write("removeState", () -> {
      requireText(key, "state key");
      var p = turn.removeState(b -> b.setKey(key));
      return link.finish("removeState " + id + " " + key, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> r.getExisted());
    });
  }

  @Override
  public CompletionStage<List<String>> keys() {
    return run("keys", () -> {
      var p = turn.stateKeys();
      return link.finish("stateKeys " + id, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> List.copyOf(r.getKeys()));
    });
  }

  @Override
  public CompletionStage<Void> registerReminder(ReminderSpec reminder) {
    return write("registerReminder", () -> {
      Objects.requireNonNull(reminder, "reminder");
      var p = turn.registerReminder(b -> Convert.reminder(reminder, b.initReminder()));
      return link.finish("registerReminder " + id + " " + reminder.name(), link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> (Void) null);
    });
  }

  @Override
  public CompletionStage<Boolean> unregisterReminder(String name) {
    return write("unregisterReminder", () -> {
      requireText(name, "reminder name");
      var p = turn.unregisterReminder(b -> b.setName(name));
      return link.finish("unregisterReminder " + id + " " + name, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> r.getExisted());
    });
  }

  @Override
  public CompletionStage<Void> startTimer(TimerSpec timer) {
    return write("startTimer", () -> {
      Objects.requireNonNull(timer, "timer");
      var p = turn.startTimer(b -> Convert.timer(timer, b.initTimer()));
      return link.finish("startTimer " + id + " " + timer.name(), link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> (Void) null);
    });
  }

  @Override
  public CompletionStage<Boolean> cancelTimer(String name) {
    return write("cancelTimer", () -> {
      requireText(name, "timer name");
      var p = turn.cancelTimer(b -> b.setName(name));
      return link.finish("cancelTimer " + id + " " + name, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> r.getExisted());
    });
  }

  @Override
  public CompletionStage<byte[]> callActor(ActorId actor, String method, byte[] payload) {
    return run("callActor", () -> {
      Objects.requireNonNull(actor, "actor");
      requireText(method, "method");
      byte[] data = Objects.requireNonNullElse(payload, new byte[0]);
      var p = turn.callActor(b -> {
        b.setType(actor.type());
        b.setId(actor.id());
        b.setMethod(method);
        b.setPayload(data);
      });
      return link.finish("callActor " + actor + " " + method, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> Convert.bytes(r.getResult()));
    });
  }

  private <T> CompletionStage<T> write(String op, Supplier<CompletionStage<T>> body) {
    CompletionStage<T> s = run(op, body);
    s.whenComplete((v, e) -> {
      if (e != null) {
        Throwable cause = Handshake.unwrap(e);
        writeFailure.compareAndSet(null, cause instanceof CapaException c ? c
            : new CapaException(ErrorCode.INTERNAL, op + " " + id + ": " + cause, cause));
      }
    });
    return s;
  }

  private <T> CompletionStage<T> run(String op, Supplier<CompletionStage<T>> body) {
    if (ended.get()) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, op + " on actor " + id
          + ": the turn has ended; an ActorTurn is valid only until the HostedActor method that received it"
          + " completes"));
    }
    try {
      return body.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, op + " on actor " + id + ": "
          + e.getMessage(), e));
    } catch (IllegalStateException e) {
      // The turn's capability was released: the runtime ended the turn (timeout) or the connection.
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.RUNTIME_UNAVAILABLE, op + " on actor " + id
          + ": the turn is no longer reachable: " + e.getMessage(), e));
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
