package io.capa.configuration.testkit;

import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.testkit.MapComponents;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Components by name over a map, and the context and configs tests create components with. */
public final class TestComponents extends MapComponents implements AutoCloseable {
  public final ExecutorService blocking = Executors.newCachedThreadPool();
  public final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

  public ComponentContext context(Path dataDir) {
    return new ComponentContext("test-app", blocking, scheduler, dataDir);
  }

  public static ComponentConfig config(String name, String type, Map<String, String> metadata) {
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    metadata.forEach((k, v) -> m.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec(name, type, "v1", m, List.of(), Optional.empty(), Path.of(name + ".yaml"), 1);
    return new ComponentConfig(spec, metadata);
  }

  @Override
  public TestComponents put(String name, Component component) {
    super.put(name, component);
    return this;
  }

  @Override
  public void close() {
    closeAll();
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }
}
