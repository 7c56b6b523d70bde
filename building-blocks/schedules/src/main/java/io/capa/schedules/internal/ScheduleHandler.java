package io.capa.schedules.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvocationService;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.schedules.ScheduleSpec;
import io.capa.api.schedules.ScheduleTarget;
import io.capa.actors.api.ActorTurnHandler;
import io.capa.actors.api.TurnScope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API. The turns of the schedule actors: each reminder firing calls the schedule's
 * target with its data. A failing call fails the turn, which applies the schedule's failure policy
 * through the reminder. The reminder's own cron period arms the next firing, durably, so a firing
 * has nothing to store.
 */
public final class ScheduleHandler implements ActorTurnHandler {
  /** The reminder every schedule actor has, and only it. */
  public static final String REMINDER = "schedule";

  private final InvocationService apps;

  public ScheduleHandler(InvocationService apps) {
    this.apps = apps;
  }

  @Override
  public CompletionStage<byte[]> invoke(TurnScope turn, String method, byte[] payload) {
    return CompletableFuture.failedFuture(new CapaException(ErrorCode.ACTOR_METHOD_NOT_FOUND,
        "schedule actors have no methods; use the schedules API"));
  }

  @Override
  public CompletionStage<Void> reminder(TurnScope turn, String name, byte[] data) {
    ScheduleSpec spec;
    try {
      spec = ScheduleCodec.decode(data);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (spec.target() instanceof ScheduleTarget.ActorMethod a) {
      // Through the turn's context, so the call carries this turn's call chain.
      return turn.runAsync(ctx -> ctx.actors().invoke(a.actor(), a.method(), spec.data())).thenApply(r -> null);
    }
    ScheduleTarget.AppMethod app = (ScheduleTarget.AppMethod) spec.target();
    return apps.invoke(InvokeRequest.of(app.appId(), app.method(), spec.data(), "application/octet-stream"))
        .thenApply(r -> {
          if (r.status() >= 400) {
            throw new CapaException(ErrorCode.DIRECT_INVOKE,
                "schedule " + spec.name() + ": " + app.appId() + "/" + app.method() + " answered " + r.status());
          }
          return null;
        });
  }
}
