package io.capa.bindings.internal.localstorage;

import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.localstorage} components; the root is created if missing. */
public final class LocalStorageBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.localstorage");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    String raw = config.required("rootPath");
    Path root;
    try {
      root = Path.of(raw).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw config.invalid("rootPath", "'" + raw + "' is not a path: " + e.getReason());
    }
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw config.invalid("rootPath", "'" + raw + "' exists and is not a directory");
    }
    Files.createDirectories(root);
    return new LocalStorageBinding(config.name(), root, context.blockingExecutor());
  }
}
