package io.capa.configuration.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.components.spi.ComponentHealth;
import io.capa.configuration.spi.ConfigurationChange;
import io.capa.configuration.spi.ConfigurationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code configuration.file}: the items of a YAML file, re-read when its content
 * changes (polled, so that editors that replace the file and mounted volumes that swap a symlink are
 * seen alike). A file that does not parse leaves the last good items in place and is logged; until
 * a first good version is read the store reports itself down.
 */
final class FileConfigurationStore implements ConfigurationStore {
  private static final Logger log = LoggerFactory.getLogger(FileConfigurationStore.class);

  private final String name;
  private final Path file;
  private final Executor executor;
  private final Watchers watchers = new Watchers();
  private final ScheduledFuture<?> poll;
  private volatile Map<String, ConfigurationItem> items = Map.of();
  private volatile boolean loaded;
  private volatile String problem = "not read yet";
  private byte[] lastBytes;

  FileConfigurationStore(String name, Path file, Duration interval, ScheduledExecutorService scheduler, Executor executor) {
    this.name = name;
    this.file = file;
    this.executor = executor;
    reload();
    this.poll = scheduler.scheduleWithFixedDelay(
        () -> executor.execute(this::reload), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void reload() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      noteProblem("file " + file + " does not exist");
      return;
    } catch (IOException e) {
      noteProblem("cannot read " + file + ": " + e.getMessage());
      return;
    }
    if (lastBytes != null && Arrays.equals(bytes, lastBytes)) {
      return;
    }
    lastBytes = bytes;
    Map<String, ConfigurationItem> next;
    try {
      next = ConfigurationYaml.parse(bytes, file.toString());
    } catch (IllegalArgumentException e) {
      noteProblem(e.getMessage() + (loaded ? "; keeping the last good items" : ""));
      return;
    }
    Map<String, ConfigurationItem> before = items;
    items = next;
    loaded = true;
    problem = "";
    log.info("configuration store '{}' read {} items from {}", name, next.size(), file);
    watchers.publish(Watchers.diff(before, next));
  }

  private void noteProblem(String p) {
    if (!p.equals(problem)) {
      log.warn("configuration store '{}': {}", name, p);
    }
    problem = p;
  }

  @Override
  public ComponentHealth health() {
    return loaded ? ComponentHealth.UP : ComponentHealth.down(problem);
  }

  @Override
  public CompletionStage<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata) {
    if (!loaded) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED,
          "configuration store '" + name + "': " + problem));
    }
    Map<String, ConfigurationItem> now = items;
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(now);
    }
    Map<String, ConfigurationItem> r = new LinkedHashMap<>();
    for (String k : keys) {
      Optional.ofNullable(now.get(k)).ifPresent(v -> r.put(k, v));
    }
    return CompletableFuture.completedFuture(r);
  }

  @Override
  public AutoCloseable watch(List<String> keys, Consumer<ConfigurationChange> listener) {
    return watchers.add(keys, listener);
  }

  /** Re-reads the file now rather than at the next poll. */
  void poke() {
    executor.execute(this::reload);
  }

  @Override
  public void close() {
    poll.cancel(false);
  }
}
