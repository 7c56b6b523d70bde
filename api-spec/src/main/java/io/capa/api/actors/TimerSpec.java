package io.capa.api.actors;

import io.capa.api.internal.Checks;
/**
 * A volatile timer on the current activation of an actor. When it fires, the actor method {@code
 * callback} runs as a turn with {@code data} as its argument. Schedule strings read as in {@link
 * ReminderSpec}; a timer ends with its activation.
 */
public record TimerSpec(String name, String callback, byte[] data, String dueTime, String period, String ttl) {
  public TimerSpec {
    Checks.requireText(name, "timer name");
    Checks.requireText(callback, "timer callback");
    data = Checks.orEmpty(data);
    dueTime = dueTime == null ? "" : dueTime.strip();
    period = period == null ? "" : period.strip();
    ttl = ttl == null ? "" : ttl.strip();
  }
}
