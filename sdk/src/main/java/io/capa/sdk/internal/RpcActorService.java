package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ActorTypeInfo;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.StateOperation;
import io.capa.api.actors.TimerSpec;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.Convert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * INTERNAL API: the actor building block over the sidecar protocol. A method call is one {@code
 * Runtime.invokeActor}; the other operations ask the runtime for the actor's reference and call it in
 * the same round trip (promise pipelining): the reference's answer is never awaited, only released
 * once it arrives.
 */
final class RpcActorService implements ActorService {
  private final RuntimeLink link;
  private final TraceInjection trace;

  RpcActorService(RuntimeLink link, TraceInjection trace) {
    this.link = link;
    this.trace = trace;
  }

  @Override
  public CompletionStage<byte[]> invoke(ActorInvocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    Duration wait = invocation.timeout() == null
        ? link.settings().callTimeout()
        : invocation.timeout().plus(link.settings().timeoutGrace());
    // One call, no actor reference to export and release: the common case of a single call.
    ActorId actor = invocation.actor();
    // Read on the caller's thread: that is where the application's current trace context is.
    var metadata = trace.apply(invocation.metadata());
    return link.call("invoke " + actor + " " + invocation.method(), wait,
        rt -> {
          var p = rt.invokeActor(b -> {
            b.setType(actor.type());
            b.setId(actor.id());
            b.setMethod(invocation.method());
            b.setPayload(invocation.payload());
            b.setTimeoutMillis(Convert.millis(invocation.timeout()));
            Convert.entries(metadata, b.initMetadata(metadata.size()));
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> Convert.bytes(r.getResult()));
  }

  @Override
  public CompletionStage<Optional<byte[]>> getState(ActorId actor, String key) {
    requireText(key, "state key");
    return onActor(actor, "getState " + actor + " " + key, link.settings().callTimeout(),
        ref -> {
          var p = ref.getState(b -> b.setKey(key));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> r.getFound() ? Optional.of(Convert.bytes(r.getValue())) : Optional.<byte[]>empty());
  }

  @Override
  public CompletionStage<Void> transactState(ActorId actor, List<StateOperation> operations) {
    List<StateOperation> ops = List.copyOf(Objects.requireNonNull(operations, "operations"));
    return onActor(actor, "transactState " + actor, link.settings().callTimeout(),
        ref -> {
          var p = ref.transactState(b -> Convert.stateOperations(ops, b.initOperations(ops.size())));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }

  @Override
  public CompletionStage<Void> registerReminder(ActorId actor, ReminderSpec reminder) {
    Objects.requireNonNull(reminder, "reminder");
    return onActor(actor, "registerReminder " + actor + " " + reminder.name(), link.settings().callTimeout(),
        ref -> {
          var p = ref.registerReminder(b -> Convert.reminder(reminder, b.initReminder()));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }

  @Override
  public CompletionStage<Optional<ReminderInfo>> getReminder(ActorId actor, String name) {
    requireText(name, "reminder name");
    return onActor(actor, "getReminder " + actor + " " + name, link.settings().callTimeout(),
        ref -> {
          var p = ref.getReminder(b -> b.setName(name));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> r.getFound() ? Optional.of(Convert.reminderInfo(r.getReminder())) : Optional.<ReminderInfo>empty());
  }

  @Override
  public CompletionStage<Boolean> unregisterReminder(ActorId actor, String name) {
    requireText(name, "reminder name");
    return onActor(actor, "unregisterReminder " + actor + " " + name, link.settings().callTimeout(),
        ref -> {
          var p = ref.unregisterReminder(b -> b.setName(name));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> r.getExisted());
  }

  @Override
  public CompletionStage<List<ReminderInfo>> listReminders(ActorId actor) {
    return onActor(actor, "listReminders " + actor, link.settings().callTimeout(),
        ref -> {
          var p = ref.listReminders();
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> {
          List<ReminderInfo> out = new ArrayList<>();
          for (RuntimeProtocol.ReminderInfo.Reader info : r.getReminders()) {
            out.add(Convert.reminderInfo(info));
          }
          return List.copyOf(out);
        });
  }

  @Override
  public CompletionStage<List<ReminderInfo>> listReminders(String actorType) {
    return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED, "listing the reminders of a"
        + " whole actor type (" + actorType + ") is not part of the sidecar protocol; list them per actor"));
  }

  @Override
  public CompletionStage<Void> registerTimer(ActorId actor, TimerSpec timer) {
    Objects.requireNonNull(timer, "timer");
    return onActor(actor, "registerTimer " + actor + " " + timer.name(), link.settings().callTimeout(),
        ref -> {
          var p = ref.registerTimer(b -> Convert.timer(timer, b.initTimer()));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }

  @Override
  public CompletionStage<Boolean> unregisterTimer(ActorId actor, String name) {
    requireText(name, "timer name");
    return onActor(actor, "unregisterTimer " + actor + " " + name, link.settings().callTimeout(),
        ref -> {
          var p = ref.unregisterTimer(b -> b.setName(name));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> r.getExisted());
  }

  @Override
  public CompletionStage<List<ActorTypeInfo>> actorTypes() {
    return link.call("actorTypes", link.settings().callTimeout(),
        rt -> {
          var p = rt.metadata();
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> {
          List<ActorTypeInfo> out = new ArrayList<>();
          for (RuntimeProtocol.ActorTypeInfo.Reader t : r.getMetadata().getActorTypes()) {
            out.add(new ActorTypeInfo(t.getType(), t.getActiveCount()));
          }
          return List.copyOf(out);
        });
  }

  /**
   * Calls {@code send} on the actor's reference, pipelined on {@code Runtime.actor}: one round trip.
   * The actor() answer is never awaited; its failure (an unknown type, say) reaches the caller
   * through the pipelined call.
   */
  private <R, T> CompletionStage<T> onActor(
      ActorId actor,
      String what,
      Duration timeout,
      Function<RuntimeProtocol.ActorRef.Client, RuntimeLink.Pending<R>> send,
      Function<R, T> read) {
    Objects.requireNonNull(actor, "actor");
    return link.call(what, timeout, rt -> {
      RuntimeProtocol.Runtime.ActorResults.Promise ref = rt.actor(b -> {
        b.setType(actor.type());
        b.setId(actor.id());
      });
      RuntimeProtocol.ActorRef.Client client = ref.getActor();
      RuntimeLink.Pending<R> pending;
      try {
        pending = send.apply(client);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
      // The reference and the actor() answer are released only once the call on it has been
      // answered: released earlier, a call still queued for sending could be addressed to an
      // import this side has already given back.
      CompletableFuture<io.capa.capnp.rpc.Result<RuntimeProtocol.Runtime.ActorResults.Reader>> actorAnswer = ref.result().toCompletableFuture();
      pending.result().whenComplete((x, e) -> {
        client.close();
        actorAnswer.whenComplete((r, e2) -> {
          if (r != null) {
            r.close();
          }
        });
      });
      return pending;
    }, read);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
