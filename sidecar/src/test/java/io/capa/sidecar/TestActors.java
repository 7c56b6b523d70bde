package io.capa.sidecar;

import io.capa.actors.api.Actor;

/** A Java actor type of the runtime, reached over RPC like any other. */
final class TestActors {
  static final String COUNTER = "Counter";

  /** Completes the slow turns; a pool of its own, never the common pool. */
  static final java.util.concurrent.ExecutorService SLOW_POOL =
      java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "slow-turns");
        t.setDaemon(true);
        return t;
      });

  private TestActors() {}

  public interface CounterApi {
    long add(Long by);

    long get();

    void fail(String message);

    /** A timer callback: adds its data to "ticks". */
    long tick(Long by);

    long ticks();

    long reminded();

    /** A deliberately slow turn: answers the count of slow turns so far after {@code millis}. */
    java.util.concurrent.CompletionStage<Long> slow(Long millis);
  }

  public static final class Counter extends Actor implements CounterApi {
    @Override
    public long add(Long by) {
      long v = get() + (by == null ? 1 : by);
      state().set("total", v);
      return v;
    }

    @Override
    public long get() {
      return state().get("total", Long.class).orElse(0L);
    }

    @Override
    public void fail(String message) {
      state().set("total", -1L);
      throw new IllegalStateException(message);
    }

    @Override
    public long tick(Long by) {
      long v = ticks() + (by == null ? 1 : by);
      state().set("ticks", v);
      return v;
    }

    @Override
    public long ticks() {
      return state().get("ticks", Long.class).orElse(0L);
    }

    @Override
    public java.util.concurrent.CompletionStage<Long> slow(Long millis) {
      long n = state().get("slow", Long.class).orElse(0L) + 1;
      state().set("slow", n);
      java.util.concurrent.Executor later =
          java.util.concurrent.CompletableFuture.delayedExecutor(millis, java.util.concurrent.TimeUnit.MILLISECONDS, SLOW_POOL);
      return java.util.concurrent.CompletableFuture.supplyAsync(() -> n, later);
    }

    @Override
    public long reminded() {
      return state().get("reminded", Long.class).orElse(0L);
    }

    @Override
    protected void onReminder(String name, byte[] data) {
      state().set("reminded", reminded() + 1);
    }
  }
}
