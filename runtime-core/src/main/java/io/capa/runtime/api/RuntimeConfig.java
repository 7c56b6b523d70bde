package io.capa.runtime.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.runtime.internal.config.YamlConfigReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the runtime's configuration: the user's YAML file ({@code config.yaml}) mapped onto HOCON
 * paths, over each module's {@code reference.conf} defaults.
 *
 * <p>Layers, highest first:
 *
 * <pre>
 *   JVM system properties (-Dcapa.http.port=...)   overrides for launchers and tests
 *   the YAML file                                  what users write
 *   application.conf                              for embedders who prefer HOCON
 *   reference.conf of every module                the defaults
 * </pre>
 *
 * <p>Every problem in the YAML file (syntax, unknown key, wrong type, out-of-range value) is a {@link
 * ConfigException} naming the file, the line and the key. The mapping from YAML keys to HOCON paths is
 * the table in {@code io.capa.runtime.internal.config.ConfigKeys}; the README lists it.
 */
public final class RuntimeConfig {
  private RuntimeConfig() {}

  /** Loads the configuration from {@code yamlFile}, or from the defaults alone when it is empty. */
  public static Config load(Optional<Path> yamlFile) {
    if (yamlFile.isEmpty()) {
      return layer(ConfigFactory.empty());
    }
    Path file = yamlFile.get();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "", "cannot read the file: " + e, e);
    }
    return layer(YamlConfigReader.read(text, file.toString()));
  }

  /** Loads the configuration from YAML text; {@code sourceName} names it in error messages. */
  public static Config load(String yamlText, String sourceName) {
    return layer(YamlConfigReader.read(yamlText, sourceName));
  }

  /**
   * Only the HOCON paths that the YAML text sets, without any defaults: for a caller that builds its
   * own layers (for instance a launcher adding command-line overrides on top).
   */
  public static Config parseYaml(String yamlText, String sourceName) {
    return YamlConfigReader.read(yamlText, sourceName);
  }

  private static Config layer(Config yaml) {
    // load(Config) puts system properties above and reference.conf below the given config.
    return ConfigFactory.load(yaml.withFallback(ConfigFactory.defaultApplication()));
  }
}
