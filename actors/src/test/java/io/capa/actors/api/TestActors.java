package io.capa.actors.api;

import io.capa.api.actors.ActorId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Actor types that exercise the runtime's guarantees in tests. */
final class TestActors {
  private TestActors() {}

  static final Executor DELAYED_50MS = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, Runnable::run);

  /** Lifecycle events, per actor id, observed by tests. */
  static final ConcurrentHashMap<String, List<String>> EVENTS = new ConcurrentHashMap<>();

  static void record(String id, String event) {
    EVENTS.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(event);
  }

  public interface KeeperApi {
    long add(Long by);

    long total();

    void fail(String message);

    /** Writes then throws: nothing of it may be saved. */
    void writeThenFail(Long value);

    CompletionStage<Long> slowAdd(Long by);

    CompletionStage<Void> never();

    String blob(String s);

    List<String> keys();
  }

  public static final class Keeper extends Actor implements KeeperApi {
    /** Turns running right now, across all Keeper actors of one id space; must never exceed 1 per actor. */
    static final ConcurrentHashMap<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    static final AtomicInteger MAX_OVERLAP = new AtomicInteger();

    @Override
    protected void onActivate() {
      record(context().id().id(), "activate");
    }

    @Override
    protected void onDeactivate() {
      record(context().id().id(), "deactivate");
    }

    @Override
    public long add(Long by) {
      long v = total() + (by == null ? 1 : by);
      state().set("total", v);
      return v;
    }

    @Override
    public long total() {
      return state().get("total", Long.class).orElse(0L);
    }

    @Override
    public void fail(String message) {
      throw new IllegalStateException(message);
    }

    @Override
    public void writeThenFail(Long value) {
      state().set("total", value);
      throw new IllegalArgumentException("rejected " + value);
    }

    @Override
    public CompletionStage<Long> slowAdd(Long by) {
      AtomicInteger running = RUNNING.computeIfAbsent(context().id().id(), k -> new AtomicInteger());
      int now = running.incrementAndGet();
      MAX_OVERLAP.accumulateAndGet(now, Math::max);
      long before = total();
      return context()
          .inTurn(CompletableFuture.supplyAsync(() -> before, DELAYED_50MS))
          .thenApply(
              b -> {
                running.decrementAndGet();
                return b;
              })
          .thenCompose(b -> CompletableFuture.completedFuture(add(by)));
    }

    @Override
    public CompletionStage<Void> never() {
      state().set("never", "written");
      return new CompletableFuture<>();
    }

    @Override
    public String blob(String s) {
      state().set("blob", s);
      return s;
    }

    @Override
    public List<String> keys() {
      return List.copyOf(new java.util.TreeSet<>(state().keys()));
    }

    @Override
    protected void onReminder(String name, byte[] data) {
      record(context().id().id(), "reminder:" + name);
      add(1L);
    }
  }

  /** Calls another actor, which may call back: for reentrancy. */
  public interface PingApi {
    /** Calls {@code target}'s {@code pong}, which calls this actor's {@code echo}. */
    CompletionStage<String> ping(String target);

    CompletionStage<String> pong(String caller);

    String echo(String s);

    /** Calls itself recursively {@code depth} times. */
    CompletionStage<Integer> recurse(Integer depth);
  }

  public static final class Ping extends Actor implements PingApi {
    @Override
    public CompletionStage<String> ping(String target) {
      return context().actors().call(new ActorId(context().id().type(), target), "pong", context().id().id(), String.class);
    }

    @Override
    public CompletionStage<String> pong(String caller) {
      return context().actors().call(new ActorId(context().id().type(), caller), "echo", "from " + context().id().id(), String.class);
    }

    @Override
    public String echo(String s) {
      state().set("echoed", s);
      return "echo " + s;
    }

    @Override
    public CompletionStage<Integer> recurse(Integer depth) {
      if (depth <= 0) {
        return CompletableFuture.completedFuture(0);
      }
      return context()
          .actors()
          .<Integer>call(context().id(), "recurse", depth - 1, Integer.class)
          .thenApply(d -> d + 1);
    }
  }

  static ActorType<Keeper> keeper() {
    return ActorType.of("Keeper", Keeper.class, Keeper::new);
  }

  static ActorType<Ping> ping(boolean reentrant) {
    return ActorType.of(reentrant ? "ReentrantPing" : "Ping", Ping.class, Ping::new)
        .withOptions(ActorTypeOptions.defaults().withReentrancy(reentrant, 5).withTurnTimeout(Duration.ofSeconds(5)));
  }
}
