package io.capa.benchmarks.reminders;

/** The benchmark's reminder target; its only work happens in {@code onReminder}. */
public interface TickerApi {
  /** Reminder firings this activation has seen. */
  long seen();
}
