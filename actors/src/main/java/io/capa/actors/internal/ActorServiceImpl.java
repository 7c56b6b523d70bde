package io.capa.actors.internal;

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
import io.capa.actors.internal.schedule.Schedule;
import io.capa.actors.internal.schedule.ScheduleException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** INTERNAL API: the raw {@link ActorService} of the portable API, over sharding and the reminder store. */
final class ActorServiceImpl implements ActorService {
  private final ActorInvoker invoker;
  private final ReminderService reminders;
  private final TypeRegistry types;
  private final ActorRuntimeSettings settings;

  ActorServiceImpl(
      ActorInvoker invoker, ReminderService reminders, TypeRegistry types, ActorRuntimeSettings settings) {
    this.invoker = invoker;
    this.reminders = reminders;
    this.types = types;
    this.settings = settings;
  }

  @Override
  public CompletionStage<byte[]> invoke(ActorInvocation inv) {
    return invoker.invoke(inv.actor(), inv.method(), inv.payload(), inv.timeout(), null, inv.metadata());
  }

  @Override
  public CompletionStage<Optional<byte[]>> getState(ActorId actor, String key) {
    return guarded(
        () ->
            request(actor, r -> new ActorCommand.GetState(key, deadline(), r), "state read")
                .thenApply(r -> r instanceof Reply.Ok ok ? Optional.of(ok.payload()) : Optional.<byte[]>empty()));
  }

  @Override
  public CompletionStage<Void> transactState(ActorId actor, List<StateOperation> operations) {
    return guarded(
        () -> {
          long size = 0;
          for (StateOperation op : operations) {
            if (op instanceof StateOperation.Upsert u) {
              size += u.value().length;
            }
          }
          invoker.checkPayloadSize(size);
          List<StateOp> ops = StateOp.of(operations);
          return request(actor, r -> new ActorCommand.Transact(ops, deadline(), r), "state transaction")
              .thenApply(r -> null);
        });
  }

  @Override
  public CompletionStage<Void> registerReminder(ActorId actor, ReminderSpec reminder) {
    return guarded(
        () -> {
          validate(reminder.dueTime(), reminder.period(), reminder.ttl(), "reminder " + reminder.name());
          return reminders.register(actor, reminder);
        });
  }

  @Override
  public CompletionStage<Optional<ReminderInfo>> getReminder(ActorId actor, String name) {
    return guarded(() -> reminders.get(actor, name));
  }

  @Override
  public CompletionStage<Boolean> unregisterReminder(ActorId actor, String name) {
    return guarded(() -> reminders.unregister(actor, name));
  }

  @Override
  public CompletionStage<List<ReminderInfo>> listReminders(ActorId actor) {
    return guarded(() -> reminders.list(actor));
  }

  @Override
  public CompletionStage<List<ReminderInfo>> listReminders(String actorType) {
    return guarded(() -> reminders.listType(actorType));
  }

  @Override
  public CompletionStage<Void> registerTimer(ActorId actor, TimerSpec timer) {
    return guarded(
        () -> {
          validate(timer.dueTime(), timer.period(), timer.ttl(), "timer " + timer.name());
          invoker.type(actor.type()).methods.find(timer.callback());
          return request(actor, r -> new ActorCommand.StartTimer(timer, deadline(), r), "timer start")
              .thenApply(r -> null);
        });
  }

  @Override
  public CompletionStage<Boolean> unregisterTimer(ActorId actor, String name) {
    return guarded(
        () ->
            request(actor, r -> new ActorCommand.StopTimer(name, deadline(), r), "timer stop")
                .thenApply(r -> ActorInvoker.payloadOf(r).length > 0));
  }

  @Override
  public CompletionStage<List<ActorTypeInfo>> actorTypes() {
    List<ActorTypeInfo> out = new ArrayList<>();
    types.all().forEach(t -> out.add(new ActorTypeInfo(t.name, t.active.value())));
    return CompletableFuture.completedFuture(out);
  }

  private static void validate(String due, String period, String ttl, String what) {
    try {
      Schedule.parse(due, period, ttl, Instant.now());
    } catch (ScheduleException e) {
      throw new CapaException(ErrorCode.INVALID_SCHEDULE, what + ": " + e.getMessage(), e);
    }
  }

  private CompletionStage<Reply> request(
      ActorId actor, java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Reply>, ActorCommand> f, String what) {
    return invoker.ask(invoker.type(actor.type()), actor, settings.callTimeout(), f, what);
  }

  private long deadline() {
    return System.currentTimeMillis() + settings.callTimeout().toMillis();
  }

  private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> body) {
    try {
      return body.get();
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, e.getMessage(), e));
    }
  }
}
