package io.capa.components.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the runtime hands every component it creates.
 *
 * @param appId the app id the runtime serves; state stores prefix keys with it by default, as Dapr
 *     does ({@code appId||key})
 * @param blockingExecutor where components run blocking calls (JDBC, file I/O); never the caller's
 *     thread and never the common pool, which has one thread on a 2-core machine
 * @param scheduler for reconnect backoff, expiry sweeps and other timed work; tasks must be short
 * @param dataDir a directory the component may keep files under (embedded backends); it exists
 */
public record ComponentContext(
    String appId, Executor blockingExecutor, ScheduledExecutorService scheduler, Path dataDir) {
  public ComponentContext {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(blockingExecutor, "blockingExecutor");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(dataDir, "dataDir");
  }
}
