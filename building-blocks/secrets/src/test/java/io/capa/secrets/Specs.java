package io.capa.secrets;

import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Component configs and a context for creating stores through their factory in tests. */
public final class Specs {
  /** Shared by the tests of this module; daemon threads, never shut down. */
  public static final ScheduledExecutorService EXECUTOR =
      Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "secrets-test");
        t.setDaemon(true);
        return t;
      });

  private Specs() {}

  /** {@code metadata} alternates names and values. */
  public static ComponentConfig config(String name, String type, String... metadata) {
    Map<String, MetadataValue> md = new LinkedHashMap<>();
    Map<String, String> plain = new LinkedHashMap<>();
    for (int i = 0; i < metadata.length; i += 2) {
      md.put(metadata[i], new MetadataValue.Plain(metadata[i + 1]));
      plain.put(metadata[i], metadata[i + 1]);
    }
    ComponentSpec spec = new ComponentSpec(name, type, "v1", md, List.of(), Optional.empty(), Path.of("test.yaml"), 1);
    return new ComponentConfig(spec, plain);
  }

  public static ComponentContext context(Path dataDir) {
    return new ComponentContext("app", EXECUTOR, EXECUTOR, dataDir);
  }
}
