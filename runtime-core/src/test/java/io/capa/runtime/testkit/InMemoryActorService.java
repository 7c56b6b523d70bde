package io.capa.runtime.testkit;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link ActorService} held in maps, for testing the HTTP layer alone. Its actor methods are
 * fixed behaviours the tests call by name:
 *
 * <ul>
 *   <li>{@code echo}: returns the payload;
 *   <li>{@code nothing}: returns an empty result;
 *   <li>{@code fail}: fails with ERR_ACTOR_METHOD_FAILED from a {@code java.lang.IllegalStateException};
 *   <li>{@code throw}: throws a plain exception synchronously, as a buggy service would;
 *   <li>{@code failRandomly}: fails its stage with a non-Capa exception;
 *   <li>{@code sleep}: answers "slept" after the number of milliseconds in the payload;
 *   <li>anything else: ERR_ACTOR_METHOD_NOT_FOUND.
 * </ul>
 */
public final class InMemoryActorService implements ActorService {
  private final Set<String> types;
  private final Map<ActorId, Map<String, byte[]>> state = new ConcurrentHashMap<>();
  private final Map<ActorId, Map<String, ReminderInfo>> reminders = new ConcurrentHashMap<>();
  private final Map<ActorId, Map<String, TimerSpec>> timers = new ConcurrentHashMap<>();
  private final Set<ActorId> active = ConcurrentHashMap.newKeySet();
  /** The last invocation received, so tests can see what the HTTP layer built. */
  public final AtomicReference<ActorInvocation> lastInvocation = new AtomicReference<>();

  public InMemoryActorService(String... types) {
    this.types = Set.of(types);
  }

  @Override
  public CompletionStage<byte[]> invoke(ActorInvocation invocation) {
    lastInvocation.set(invocation);
    requireType(invocation.actor());
    active.add(invocation.actor());
    switch (invocation.method()) {
      case "echo":
        return done(invocation.payload());
      case "nothing":
        return done(new byte[0]);
      case "fail":
        return CompletableFuture.failedFuture(new CapaException(
            ErrorCode.ACTOR_METHOD_FAILED, "the actor refused", "java.lang.IllegalStateException", null));
      case "throw":
        throw new IllegalStateException("a bug in the service");
      case "failRandomly":
        return CompletableFuture.failedFuture(new UnsupportedOperationException("surprise"));
      case "sleep": {
        long ms = Long.parseLong(new String(invocation.payload(), StandardCharsets.UTF_8).strip());
        // Completed on the delayer's thread itself: no common-pool hop.
        return CompletableFuture.supplyAsync(
            () -> "\"slept\"".getBytes(StandardCharsets.UTF_8),
            CompletableFuture.delayedExecutor(ms, java.util.concurrent.TimeUnit.MILLISECONDS, Runnable::run));
      }
      default:
        return CompletableFuture.failedFuture(new CapaException(
            ErrorCode.ACTOR_METHOD_NOT_FOUND, "no method " + invocation.method()));
    }
  }

  @Override
  public CompletionStage<Optional<byte[]>> getState(ActorId actor, String key) {
    requireType(actor);
    return done(Optional.ofNullable(state.getOrDefault(actor, Map.of()).get(key)));
  }

  @Override
  public CompletionStage<Void> transactState(ActorId actor, List<StateOperation> operations) {
    requireType(actor);
    Map<String, byte[]> map = state.computeIfAbsent(actor, a -> new ConcurrentHashMap<>());
    synchronized (map) {
      for (StateOperation op : operations) {
        if (op instanceof StateOperation.Upsert) {
          map.put(op.key(), ((StateOperation.Upsert) op).value());
        } else {
          map.remove(op.key());
        }
      }
    }
    return done(null);
  }

  @Override
  public CompletionStage<Void> registerReminder(ActorId actor, ReminderSpec reminder) {
    requireType(actor);
    if (reminder.dueTime().equals("never")) {
      throw new CapaException(ErrorCode.INVALID_SCHEDULE, "cannot parse dueTime \"never\"");
    }
    Instant now = Instant.now();
    reminders.computeIfAbsent(actor, a -> new ConcurrentHashMap<>())
        .put(reminder.name(), new ReminderInfo(actor, reminder, now, Optional.of(now), 0));
    return done(null);
  }

  @Override
  public CompletionStage<Optional<ReminderInfo>> getReminder(ActorId actor, String name) {
    return done(Optional.ofNullable(reminders.getOrDefault(actor, Map.of()).get(name)));
  }

  @Override
  public CompletionStage<Boolean> unregisterReminder(ActorId actor, String name) {
    return done(reminders.getOrDefault(actor, new ConcurrentHashMap<>()).remove(name) != null);
  }

  @Override
  public CompletionStage<List<ReminderInfo>> listReminders(ActorId actor) {
    return done(List.copyOf(reminders.getOrDefault(actor, Map.of()).values()));
  }

  @Override
  public CompletionStage<List<ReminderInfo>> listReminders(String actorType) {
    List<ReminderInfo> out = new ArrayList<>();
    reminders.forEach((actor, map) -> {
      if (actor.type().equals(actorType)) {
        out.addAll(map.values());
      }
    });
    return done(out);
  }

  @Override
  public CompletionStage<Void> registerTimer(ActorId actor, TimerSpec timer) {
    requireType(actor);
    timers.computeIfAbsent(actor, a -> new ConcurrentHashMap<>()).put(timer.name(), timer);
    return done(null);
  }

  @Override
  public CompletionStage<Boolean> unregisterTimer(ActorId actor, String name) {
    return done(timers.getOrDefault(actor, new ConcurrentHashMap<>()).remove(name) != null);
  }

  public Optional<TimerSpec> timer(ActorId actor, String name) {
    return Optional.ofNullable(timers.getOrDefault(actor, Map.of()).get(name));
  }

  public Optional<String> stateText(ActorId actor, String key) {
    return Optional.ofNullable(state.getOrDefault(actor, Map.of()).get(key))
        .map(b -> new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<List<ActorTypeInfo>> actorTypes() {
    List<ActorTypeInfo> out = new ArrayList<>();
    for (String type : types) {
      out.add(new ActorTypeInfo(type, active.stream().filter(a -> a.type().equals(type)).count()));
    }
    return done(out);
  }

  private void requireType(ActorId actor) {
    if (!types.contains(actor.type())) {
      throw new CapaException(ErrorCode.ACTOR_TYPE_NOT_FOUND, "no actor type " + actor.type());
    }
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
