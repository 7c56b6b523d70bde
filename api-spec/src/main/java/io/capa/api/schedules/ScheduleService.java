package io.capa.api.schedules;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Durable cron jobs that call an application method or an actor method. A job fires once per due
 * time across the cluster, and survives restarts. Fails with {@link io.capa.api.CapaException}:
 * {@code ERR_INVALID_SCHEDULE} for a cron it cannot parse, {@code ERR_PERSISTENCE_UNAVAILABLE} when
 * jobs cannot be stored.
 */
public interface ScheduleService {
  /** Creates the job, or replaces the caller's job of the same name. */
  CompletionStage<Void> create(ScheduleSpec spec);

  CompletionStage<Optional<ScheduleInfo>> get(String name);

  /** Completes with {@code false} when the caller had no job of that name. */
  CompletionStage<Boolean> delete(String name);

  /** The caller's jobs, by name. */
  CompletionStage<List<ScheduleInfo>> list();
}
