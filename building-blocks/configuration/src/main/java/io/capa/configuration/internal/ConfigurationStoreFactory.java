package io.capa.configuration.internal;

import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.connections.jdbc.JdbcConnector;
import io.capa.connections.jdbc.PostgresUrl;
import io.capa.connections.redis.RedisSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * INTERNAL API. The configuration store types: {@code configuration.file}, {@code
 * configuration.redis} and {@code configuration.postgresql} (Dapr's metadata for the latter two).
 */
public final class ConfigurationStoreFactory implements ComponentFactory {
  public static final String FILE = "configuration.file";
  public static final String REDIS = "configuration.redis";
  public static final String POSTGRESQL = "configuration.postgresql";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  @Override
  public Set<String> types() {
    return Set.of(FILE, REDIS, POSTGRESQL);
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    if (spec.metadata().values().stream().anyMatch(v -> v instanceof MetadataValue.SecretRef)) {
      return List.of(); // checked at create, once the secrets are resolved
    }
    Map<String, String> plain = new LinkedHashMap<>();
    spec.metadata().forEach((k, v) -> plain.put(k, ((MetadataValue.Plain) v).value()));
    ComponentConfig config = new ComponentConfig(spec, plain);
    try {
      switch (spec.type()) {
        case FILE -> {
          config.required("path");
          pollInterval(config);
        }
        case REDIS -> RedisSettings.from(config);
        default -> {
          url(config);
          table(config);
          channel(config, table(config));
        }
      }
      return List.of();
    } catch (ComponentParseException e) {
      return List.of(e.getMessage());
    }
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    return switch (config.spec().type()) {
      case FILE -> {
        Path path = Path.of(config.required("path"));
        if (!path.isAbsolute()) {
          // relative to the component file, as a user reading that file expects
          Path dir = config.spec().source().toAbsolutePath().getParent();
          path = dir == null ? path : dir.resolve(path);
        }
        yield new FileConfigurationStore(config.name(), path, pollInterval(config), context.scheduler(), context.blockingExecutor());
      }
      case REDIS -> new RedisConfigurationStore(config.name(), RedisSettings.from(config), context).start();
      case POSTGRESQL -> {
        String table = table(config);
        String channel = channel(config, table);
        JdbcConnector db = new JdbcConnector(config.name(), url(config), config.integer("maxConns", 4), context, c -> {
          PostgresConfigurationStore.setUp(c, table, channel);
          return null;
        });
        yield new PostgresConfigurationStore(config.name(), table, channel, db);
      }
      default -> throw new IllegalArgumentException("not a configuration store type: " + config.spec().type());
    };
  }

  private static Duration pollInterval(ComponentConfig config) {
    Duration d = config.duration("pollInterval", Duration.ofSeconds(1), ChronoUnit.MILLIS);
    if (d.toMillis() < 10) {
      throw config.invalid("pollInterval", "'" + d + "' is shorter than 10ms");
    }
    return d;
  }

  private static PostgresUrl url(ComponentConfig config) {
    try {
      return PostgresUrl.parse(config.required("connectionString"));
    } catch (IllegalArgumentException e) {
      throw config.invalid("connectionString", e.getMessage());
    }
  }

  private static String table(ComponentConfig config) {
    String t = config.required("table", "tableName");
    if (!TABLE.matcher(t).matches()) {
      throw config.invalid("table", "'" + t + "' is not a table name (letters, digits, _; optionally schema.table)");
    }
    return t;
  }

  private static String channel(ComponentConfig config, String table) {
    String c = config.string("pgNotifyChannel", table.replace('.', '_') + "_changes");
    if (!IDENTIFIER.matcher(c).matches()) {
      throw config.invalid("pgNotifyChannel", "'" + c + "' is not a channel name (letters, digits, _)");
    }
    return c;
  }
}
