package io.capa.bindings.testing;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ActorTypeInfo;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.StateOperation;
import io.capa.api.actors.TimerSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** An actor service that records invocations and answers each with its payload; nothing else. */
public final class RecordingActors implements ActorService {
  public final List<ActorInvocation> calls = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<byte[]> invoke(ActorInvocation invocation) {
    calls.add(invocation);
    return CompletableFuture.completedFuture(invocation.payload());
  }

  private static <T> CompletionStage<T> unsupported() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("not used by binding tests"));
  }

  @Override public CompletionStage<Optional<byte[]>> getState(ActorId actor, String key) { return unsupported(); }
  @Override public CompletionStage<Void> transactState(ActorId actor, List<StateOperation> operations) { return unsupported(); }
  @Override public CompletionStage<Void> registerReminder(ActorId actor, ReminderSpec reminder) { return unsupported(); }
  @Override public CompletionStage<Optional<ReminderInfo>> getReminder(ActorId actor, String name) { return unsupported(); }
  @Override public CompletionStage<Boolean> unregisterReminder(ActorId actor, String name) { return unsupported(); }
  @Override public CompletionStage<List<ReminderInfo>> listReminders(ActorId actor) { return unsupported(); }
  @Override public CompletionStage<List<ReminderInfo>> listReminders(String actorType) { return unsupported(); }
  @Override public CompletionStage<Void> registerTimer(ActorId actor, TimerSpec timer) { return unsupported(); }
  @Override public CompletionStage<Boolean> unregisterTimer(ActorId actor, String name) { return unsupported(); }
  @Override public CompletionStage<List<ActorTypeInfo>> actorTypes() { return unsupported(); }
}
