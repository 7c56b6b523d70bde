package io.capa.secrets.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * INTERNAL API. {@code secretstores.local.env} and {@code secretstores.local.file}, with Dapr's
 * metadata names.
 */
public final class LocalSecretStoreFactory implements ComponentFactory {
  static final String ENV = "secretstores.local.env";
  static final String FILE = "secretstores.local.file";

  @Override
  public Set<String> types() {
    return Set.of(ENV, FILE);
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    if (spec.type().equals(FILE) && spec.metadata().keySet().stream().noneMatch("secretsFile"::equalsIgnoreCase)) {
      return List.of("secretsFile: missing; this component type requires the path of a JSON or YAML file");
    }
    return List.of();
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    if (config.spec().type().equals(ENV)) {
      return new EnvSecretStore(config.name(), config.string("prefix", ""), System::getenv);
    }
    String fileName = config.required("secretsFile");
    Path file;
    try {
      file = Path.of(fileName).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw config.invalid("secretsFile", "'" + fileName + "' is not a path: " + e.getReason());
    }
    String separator = config.string("nestedSeparator", ":");
    SecretsFile format = new SecretsFile(separator, config.bool("multiValued", false));
    try {
      return new FileSecretStore(config.name(), file, format, context.blockingExecutor());
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("secretsFile " + file + " does not exist");
    } catch (RuntimeException e) {
      throw new IllegalStateException("secretsFile " + file + " cannot be parsed: " + e.getMessage(), e);
    }
  }
}
