package io.capa.sidecar.memory;

import io.capa.api.schedules.ScheduleInfo;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.schedules.ScheduleSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;

/** Scheduled jobs in a map, never fired, for tests of what carries the schedules API. */
public final class MemorySchedules implements ScheduleService {
  private final Map<String, ScheduleInfo> jobs = new ConcurrentSkipListMap<>();

  @Override
  public CompletionStage<Void> create(ScheduleSpec spec) {
    jobs.put(spec.name(), new ScheduleInfo(spec, Instant.ofEpochMilli(System.currentTimeMillis()), Optional.empty(), 0));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Optional<ScheduleInfo>> get(String name) {
    return CompletableFuture.completedFuture(Optional.ofNullable(jobs.get(name)));
  }

  @Override
  public CompletionStage<Boolean> delete(String name) {
    return CompletableFuture.completedFuture(jobs.remove(name) != null);
  }

  @Override
  public CompletionStage<List<ScheduleInfo>> list() {
    return CompletableFuture.completedFuture(List.copyOf(jobs.values()));
  }
}
