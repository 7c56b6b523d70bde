package io.capa.bindings.testing;

import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/** Component configs and contexts for tests, as if read from {@code components/<name>.yaml}. */
public final class TestConfigs {
  public static final ExecutorService BLOCKING = Executors.newFixedThreadPool(4, daemon("test-blocking"));
  public static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2, daemon("test-scheduler"));

  private TestConfigs() {}

  public static ComponentConfig config(String name, String type, Map<String, String> metadata) {
    Map<String, MetadataValue> md = new LinkedHashMap<>();
    metadata.forEach((k, v) -> md.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec(name, type, "v1", md, List.of(), Optional.empty(),
        Path.of("components", name + ".yaml"), 1);
    return new ComponentConfig(spec, metadata);
  }

  public static ComponentContext context() {
    try {
      return new ComponentContext("test-app", BLOCKING, SCHEDULER, Files.createTempDirectory("capa-binding-data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code condition} every 50 ms until it holds or {@code seconds} pass. */
  public static void await(String what, int seconds, BooleanSupplier condition) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
