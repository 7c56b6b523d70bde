package io.capa.sidecar.internal;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.internal.Checks;
import io.capa.runtime.spi.Tracing;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol.ActorRef;
import io.capa.sidecar.protocol.internal.Convert;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * INTERNAL API: one actor as a capability. Calls that run a turn enter the invocation graph with
 * the actor as their target, like the same calls over HTTP.
 */
final class ActorRefServer extends ActorRef.Server {
  private final ActorId id;
  private final ActorService actors;
  private final Admission admission;
  private final Duration defaultTimeout;
  private final Tracing tracing;

  ActorRefServer(ActorId id, ActorService actors, Admission admission, Duration defaultTimeout, Tracing tracing) {
    this.tracing = tracing;
    this.id = id;
    this.actors = actors;
    this.admission = admission;
    this.defaultTimeout = defaultTimeout;
  }

  private String target() {
    return target(id);
  }

  /** The invocation graph's target of an actor: its calls share one queue and one order. */
  static String target(ActorId id) {
    return "actor/" + id.type() + "/" + id.id();
  }

  @Override
  protected CompletionStage<?> invoke(CallContext call, ActorRef.InvokeParams.Reader params, Supplier<ActorRef.InvokeResults.Builder> results) {
    Duration timeout = Convert.millis(params.getTimeoutMillis());
    String method = params.getMethod();
    byte[] payload = Convert.bytes(params.getPayload());
    Duration budget = timeout != null ? timeout : defaultTimeout;
    return Calls.answer(RpcSpans.traced(tracing, "ActorRef.invoke", Convert.entries(params.getMetadata()), metadata -> {
      ActorInvocation inv = new ActorInvocation(id, method, payload, timeout, metadata);
      return admission.admit(target(), budget, () -> actors.invoke(inv)).thenAccept(r -> results.get().setResult(r));
    }));
  }

  @Override
  protected CompletionStage<?> getState(CallContext call, ActorRef.GetStateParams.Reader params, Supplier<ActorRef.GetStateResults.Builder> results) {
    // The actor service reads any key; a blank one is a caller's mistake worth naming, not "not found".
    String key = Checks.requireText(params.getKey(), "state key");
    return Calls.answer(actors.getState(id, key).thenAccept(v -> {
      ActorRef.GetStateResults.Builder r = results.get();
      r.setFound(v.isPresent());
      v.ifPresent(r::setValue);
    }));
  }

  @Override
  protected CompletionStage<?> transactState(CallContext call, ActorRef.TransactStateParams.Reader params, Supplier<ActorRef.TransactStateResults.Builder> results) {
    var ops = Convert.stateOperations(params.getOperations());
    return Calls.answer(admission.admit(target(), defaultTimeout, () -> actors.transactState(id, ops)));
  }

  @Override
  protected CompletionStage<?> registerReminder(CallContext call, ActorRef.RegisterReminderParams.Reader params, Supplier<ActorRef.RegisterReminderResults.Builder> results) {
    return Calls.answer(actors.registerReminder(id, Convert.reminder(params.getReminder())));
  }

  @Override
  protected CompletionStage<?> getReminder(CallContext call, ActorRef.GetReminderParams.Reader params, Supplier<ActorRef.GetReminderResults.Builder> results) {
    return Calls.answer(actors.getReminder(id, params.getName()).thenAccept(info -> {
      ActorRef.GetReminderResults.Builder r = results.get();
      r.setFound(info.isPresent());
      info.ifPresent(i -> Convert.reminderInfo(i, r.initReminder()));
    }));
  }

  @Override
  protected CompletionStage<?> unregisterReminder(CallContext call, ActorRef.UnregisterReminderParams.Reader params, Supplier<ActorRef.UnregisterReminderResults.Builder> results) {
    return Calls.answer(actors.unregisterReminder(id, params.getName()).thenAccept(e -> results.get().setExisted(e)));
  }

  @Override
  protected CompletionStage<?> listReminders(CallContext call, ActorRef.ListRemindersParams.Reader params, Supplier<ActorRef.ListRemindersResults.Builder> results) {
    return Calls.answer(actors.listReminders(id).thenAccept(list -> {
      var out = results.get().initReminders(list.size());
      for (int i = 0; i < list.size(); i++) {
        Convert.reminderInfo(list.get(i), out.get(i));
      }
    }));
  }

  @Override
  protected CompletionStage<?> registerTimer(CallContext call, ActorRef.RegisterTimerParams.Reader params, Supplier<ActorRef.RegisterTimerResults.Builder> results) {
    return Calls.answer(actors.registerTimer(id, Convert.timer(params.getTimer())));
  }

  @Override
  protected CompletionStage<?> unregisterTimer(CallContext call, ActorRef.UnregisterTimerParams.Reader params, Supplier<ActorRef.UnregisterTimerResults.Builder> results) {
    return Calls.answer(actors.unregisterTimer(id, params.getName()).thenAccept(e -> results.get().setExisted(e)));
  }

  @Override
  public CompletionStage<?> dispatch(CallContext call) {
    return Calls.guarded(() -> super.dispatch(call));
  }
}
