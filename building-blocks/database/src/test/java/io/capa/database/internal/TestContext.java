package io.capa.database.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.database.spi.SqlDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Executors and a factory call for one test's database components. */
final class TestContext implements AutoCloseable {
  final ExecutorService blocking = Executors.newFixedThreadPool(6);
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  static ComponentSpec spec(String type, Map<String, String> metadata) {
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    metadata.forEach((k, v) -> m.put(k, new MetadataValue.Plain(v)));
    return new ComponentSpec("db", type, "v1", m, List.of(), Optional.empty(), Path.of("db.yaml"), 1);
  }

  SqlDatabase create(String type, Map<String, String> metadata) throws Exception {
    return (SqlDatabase) new JdbcDatabaseFactory().create(new ComponentConfig(spec(type, metadata), metadata),
        new ComponentContext("app", blocking, scheduler, Path.of("target")));
  }

  @Override
  public void close() {
    blocking.shutdownNow();
    scheduler.shutdownNow();
  }
}
