package io.capa.state.testkit;

import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.components.spi.ComponentHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** Creates components the way the runtime does: factory found by type, resolved metadata, a context. */
public final class TestComponents implements AutoCloseable {
  private final ExecutorService blocking = Executors.newFixedThreadPool(8, daemon("test-blocking"));
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("test-scheduler"));
  private final String appId;
  private final Path dataDir;

  public TestComponents(String appId) {
    this.appId = appId;
    try {
      this.dataDir = Files.createTempDirectory("capa-state-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public ComponentContext context() {
    return new ComponentContext(appId, blocking, scheduler, dataDir);
  }

  public ExecutorService executor() {
    return blocking;
  }

  public static ComponentSpec spec(String name, String type, Map<String, String> metadata) {
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    metadata.forEach((k, v) -> m.put(k, new MetadataValue.Plain(v)));
    return new ComponentSpec(name, type, "v1", m, List.of(), Optional.empty(), Path.of("test-components.yaml"), 1);
  }

  public static ComponentFactory factory(String type) {
    for (ComponentFactory f : ServiceLoader.load(ComponentFactory.class)) {
      if (f.types().contains(type)) {
        return f;
      }
    }
    throw new IllegalStateException("no factory for " + type);
  }

  public Component create(String name, String type, Map<String, String> metadata) throws Exception {
    ComponentSpec spec = spec(name, type, metadata);
    return factory(type).create(new ComponentConfig(spec, metadata), context());
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes. */
  public static boolean await(Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.get();
  }

  public static boolean awaitUp(Component c, Duration timeout) throws InterruptedException {
    return await(timeout, () -> c.health().up());
  }

  public static ComponentHealth health(Component c) {
    return c.health();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
