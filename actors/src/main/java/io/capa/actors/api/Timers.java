package io.capa.actors.api;

import io.capa.api.actors.TimerSpec;

/**
 * Volatile timers: they belong to one activation and stop when it is passivated. A firing runs the
 * named callback method as a turn of its own.
 */
public interface Timers {
  /** Starts or replaces a timer. Schedule strings are validated now. */
  void start(TimerSpec timer);

  /** Returns whether a timer of that name was running. */
  boolean cancel(String name);
}
