package io.capa.actors.internal;

import io.capa.actors.api.ActorClient;
import io.capa.actors.api.ActorContext;
import io.capa.actors.api.Reminders;
import io.capa.actors.api.StateManager;
import io.capa.actors.api.Timers;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.TimerSpec;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API: an actor's view of the runtime. Every stage it hands out completes on the entity's
 * thread, inside the turn that asked, so continuations keep the one-turn-at-a-time guarantee.
 */
final class ActorContextImpl implements ActorContext {
  private final ActorId id;
  private final TurnRunner runner;
  private final ActorInvoker invoker;
  private final ReminderGateway reminderGateway;
  private final ActorTimers actorTimers;

  ActorContextImpl(
      ActorId id, TurnRunner runner, ActorInvoker invoker, ReminderGateway reminders, ActorTimers timers) {
    this.id = id;
    this.runner = runner;
    this.invoker = invoker;
    this.reminderGateway = reminders;
    this.actorTimers = timers;
  }

  @Override
  public ActorId id() {
    return id;
  }

  @Override
  public StateManager state() {
    return runner.currentState();
  }

  @Override
  public Timers timers() {
    return new Timers() {
      @Override
      public void start(TimerSpec timer) {
        actorTimers.start(timer);
      }

      @Override
      public boolean cancel(String name) {
        return actorTimers.cancel(name);
      }
    };
  }

  @Override
  public Reminders reminders() {
    return new Reminders() {
      @Override
      public CompletionStage<Void> register(ReminderSpec reminder) {
        return runner.onEntityThread(reminderGateway.register(id, reminder));
      }

      @Override
      public CompletionStage<Boolean> unregister(String name) {
        return runner.onEntityThread(reminderGateway.unregister(id, name));
      }

      @Override
      public CompletionStage<Optional<ReminderInfo>> get(String name) {
        return runner.onEntityThread(reminderGateway.get(id, name));
      }

      @Override
      public CompletionStage<List<ReminderInfo>> list() {
        return runner.onEntityThread(reminderGateway.list(id));
      }
    };
  }

  @Override
  public <T> CompletionStage<T> inTurn(CompletionStage<T> stage) {
    return runner.onEntityThread(stage);
  }

  @Override
  public ActorClient actors() {
    CallChain chain = runner.currentChain();
    Map<String, String> trace = runner.currentTrace();
    return new ActorClient() {
      @Override
      public CompletionStage<byte[]> invoke(ActorId actor, String method, byte[] payload, Duration timeout) {
        return runner.onEntityThread(invoker.invoke(actor, method, payload, timeout, chain, trace));
      }

      @Override
      public <T> CompletionStage<T> call(ActorId actor, String method, Object argument, Type resultType) {
        return runner.onEntityThread(invoker.call(actor, method, argument, resultType, chain, trace));
      }

      @Override
      public <T> T proxy(Class<T> actorInterface, ActorId actor) {
        return ActorProxies.create(actorInterface, actor, (a, m, arg, rt) -> runner.onEntityThread(invoker.<Object>call(a, m, arg, rt, chain, trace)));
      }
    };
  }
}
