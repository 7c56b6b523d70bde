package io.capa.files.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * INTERNAL API. {@code files.local}: metadata {@code rootPath} (required; relative paths are taken
 * from the runtime's data folder) and {@code chunkSize} (bytes per read buffer, default 65536).
 */
public final class LocalFileStoreFactory implements ComponentFactory {
  static final String TYPE = "files.local";
  static final int DEFAULT_CHUNK = 64 * 1024;
  static final int MAX_CHUNK = 4 * 1024 * 1024;

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    boolean hasRoot = spec.metadata().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("rootPath"));
    return hasRoot ? List.of() : List.of("rootPath: missing");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    Path root = context.dataDir().resolve(config.required("rootPath"));
    int chunk = config.integer("chunkSize", DEFAULT_CHUNK);
    if (chunk < 1 || chunk > MAX_CHUNK) {
      throw config.invalid("chunkSize", "must be 1.." + MAX_CHUNK + " bytes, got " + chunk);
    }
    LocalFileStore store = new LocalFileStore(root, chunk, context.blockingExecutor());
    store.clearTemp();
    return store;
  }
}
