package io.capa.lock.internal;

import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.connections.jdbc.JdbcConnector;
import io.capa.connections.jdbc.PostgresUrl;
import io.capa.connections.redis.RedisConnector;
import io.capa.connections.redis.RedisSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * INTERNAL API. The lock store types: {@code lock.redis} (Dapr's), {@code lock.postgresql} and
 * {@code lock.in-memory}.
 */
public final class LockStoreFactory implements ComponentFactory {
  public static final String REDIS = "lock.redis";
  public static final String POSTGRESQL = "lock.postgresql";
  public static final String IN_MEMORY = "lock.in-memory";
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  @Override
  public Set<String> types() {
    return Set.of(REDIS, POSTGRESQL, IN_MEMORY);
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    if (spec.metadata().values().stream().anyMatch(v -> v instanceof MetadataValue.SecretRef)) {
      return List.of();
    }
    try {
      ComponentConfig config = new ComponentConfig(spec, plain(spec));
      switch (spec.type()) {
        case REDIS -> RedisSettings.from(config);
        case POSTGRESQL -> table(config);
        default -> { }
      }
      return List.of();
    } catch (ComponentParseException e) {
      return List.of(e.getMessage());
    }
  }

  /** The metadata written in the file; secret references are checked when they are resolved, at create. */
  private static Map<String, String> plain(ComponentSpec spec) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    spec.metadata().forEach((k, v) -> {
      if (v instanceof MetadataValue.Plain p) {
        m.put(k, p.value());
      }
    });
    return m;
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    return switch (config.spec().type()) {
      case REDIS -> new RedisLockStore(
          new RedisConnector(config.name(), RedisSettings.from(config), context, c -> { }).start(),
          keyPrefix(config, context));
      case POSTGRESQL -> {
        String table = table(config);
        PostgresUrl url;
        try {
          url = PostgresUrl.parse(config.required("connectionString"));
        } catch (IllegalArgumentException e) {
          throw config.invalid("connectionString", e.getMessage());
        }
        yield new PostgresLockStore(
            new JdbcConnector(config.name(), url, config.integer("maxConns", 4), context, c -> {
              try (var st = c.createStatement()) {
                st.execute(PostgresLockStore.createTable(table));
              }
              return null;
            }),
            table);
      }
      case IN_MEMORY -> new EmbeddedLockStore(context.scheduler(), System::nanoTime);
      default -> throw new IllegalArgumentException("not a lock store type: " + config.spec().type());
    };
  }

  /** Dapr's {@code keyPrefix}: {@code appid} (the default), {@code none}, or a literal prefix. */
  private static String keyPrefix(ComponentConfig config, ComponentContext context) {
    String p = config.string("keyPrefix", "appid");
    if (p.equalsIgnoreCase("appid")) {
      return "lock||" + context.appId();
    }
    return p.equalsIgnoreCase("none") ? "" : p;
  }

  private static String table(ComponentConfig config) {
    String t = config.string("tableName", "capa_locks");
    if (!TABLE.matcher(t).matches()) {
      throw config.invalid("tableName", "'" + t + "' is not a table name (letters, digits, _; optionally schema.table)");
    }
    return t;
  }
}
