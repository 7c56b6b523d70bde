package io.capa.examples.counter;

import io.capa.actors.api.Actor;

/** A durable counter: one state key, incremented by calls and by every reminder that fires. */
public final class Counter extends Actor implements CounterApi {
  static final String KEY = "value";

  @Override
  public long increment(Long by) {
    long next = get() + (by == null ? 1 : by);
    state().set(KEY, next);
    return next;
  }

  @Override
  public long get() {
    return state().get(KEY, Long.class).orElse(0L);
  }

  @Override
  protected void onReminder(String name, byte[] data) {
    increment(1L);
  }
}
