package io.capa.sidecar.internal;

import io.capa.actors.api.TurnScope;
import io.capa.api.actors.ActorId;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol.Turn;
import io.capa.sidecar.protocol.internal.Convert;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * INTERNAL API: the {@code Turn} capability an application host gets with each turn. Every call
 * runs on the actor's own thread inside that turn, through its {@link TurnScope}; once the turn has
 * ended the scope refuses, and so does this capability.
 */
final class TurnServer extends Turn.Server {
  private final TurnScope turn;

  TurnServer(TurnScope turn) {
    this.turn = turn;
  }

  @Override
  protected CompletionStage<?> getState(CallContext call, Turn.GetStateParams.Reader params, Supplier<Turn.GetStateResults.Builder> results) {
    String key = params.getKey();
    return mapped(turn.run(ctx -> ctx.state().getRaw(key)).thenAccept(v -> {
      Turn.GetStateResults.Builder r = results.get();
      r.setFound(v.isPresent());
      v.ifPresent(r::setValue);
    }));
  }

  @Override
  protected CompletionStage<?> setState(CallContext call, Turn.SetStateParams.Reader params, Supplier<Turn.SetStateResults.Builder> results) {
    String key = params.getKey();
    byte[] value = Convert.bytes(params.getValue());
    return mapped(turn.run(ctx -> {
      ctx.state().setRaw(key, value);
      return null;
    }));
  }

  @Override
  protected CompletionStage<?> removeState(CallContext call, Turn.RemoveStateParams.Reader params, Supplier<Turn.RemoveStateResults.Builder> results) {
    String key = params.getKey();
    return mapped(turn.run(ctx -> ctx.state().remove(key)).thenAccept(existed -> results.get().setExisted(existed)));
  }

  @Override
  protected CompletionStage<?> stateKeys(CallContext call, Turn.StateKeysParams.Reader params, Supplier<Turn.StateKeysResults.Builder> results) {
    return mapped(turn.run(ctx -> List.copyOf(new ArrayList<>(ctx.state().keys())))
        .thenAccept(keys -> results.get().setKeys(keys)));
  }

  @Override
  protected CompletionStage<?> registerReminder(CallContext call, Turn.RegisterReminderParams.Reader params, Supplier<Turn.RegisterReminderResults.Builder> results) {
    var spec = Convert.reminder(params.getReminder());
    return mapped(turn.runAsync(ctx -> ctx.reminders().register(spec)));
  }

  @Override
  protected CompletionStage<?> unregisterReminder(CallContext call, Turn.UnregisterReminderParams.Reader params, Supplier<Turn.UnregisterReminderResults.Builder> results) {
    String name = params.getName();
    return mapped(turn.runAsync(ctx -> ctx.reminders().unregister(name)).thenAccept(e -> results.get().setExisted(e)));
  }

  @Override
  protected CompletionStage<?> startTimer(CallContext call, Turn.StartTimerParams.Reader params, Supplier<Turn.StartTimerResults.Builder> results) {
    var spec = Convert.timer(params.getTimer());
    return mapped(turn.run(ctx -> {
      ctx.timers().start(spec);
      return null;
    }));
  }

  @Override
  protected CompletionStage<?> cancelTimer(CallContext call, Turn.CancelTimerParams.Reader params, Supplier<Turn.CancelTimerResults.Builder> results) {
    String name = params.getName();
    return mapped(turn.run(ctx -> ctx.timers().cancel(name)).thenAccept(e -> results.get().setExisted(e)));
  }

  @Override
  protected CompletionStage<?> callActor(CallContext call, Turn.CallActorParams.Reader params, Supplier<Turn.CallActorResults.Builder> results) {
    ActorId target = new ActorId(params.getType(), params.getId());
    String method = params.getMethod();
    byte[] payload = Convert.bytes(params.getPayload());
    return mapped(turn.runAsync(ctx -> ctx.actors().invoke(target, method, payload))
        .thenAccept(r -> results.get().setResult(r)));
  }

  /** Failures leave as RPC exceptions that carry the portable API's error code. */
  private static CompletionStage<?> mapped(CompletionStage<?> stage) {
    return stage.handle((v, e) -> {
      if (e != null) {
        throw Calls.toRpc(e);
      }
      return v;
    });
  }

  @Override
  public CompletionStage<?> dispatch(CallContext call) {
    return Calls.guarded(() -> super.dispatch(call));
  }
}
