package io.capa.sequencer.internal;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * INTERNAL API. The sequencer types: {@code sequencer.redis}, {@code sequencer.postgresql} and
 * {@code sequencer.embedded}.
 */
public final class SequenceStoreFactory implements ComponentFactory {
  public static final String REDIS = "sequencer.redis";
  public static final String POSTGRESQL = "sequencer.postgresql";
  public static final String EMBEDDED = "sequencer.embedded";
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
  private static final int DEFAULT_BLOCK = 1000;

  @Override
  public Set<String> types() {
    return Set.of(REDIS, POSTGRESQL, EMBEDDED);
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
        case REDIS -> RedisSettings.from(config);
        case POSTGRESQL -> {
          table(config);
          url(config);
        }
        default -> blockSize(config);
      }
      return List.of();
    } catch (ComponentParseException e) {
      return List.of(e.getMessage());
    }
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    return switch (config.spec().type()) {
      case REDIS -> new RedisSequenceStore(
          new RedisConnector(config.name(), RedisSettings.from(config), context, c -> { }).start(),
          keyPrefix(config, context));
      case POSTGRESQL -> {
        String table = table(config);
        yield new PostgresSequenceStore(
            new JdbcConnector(config.name(), url(config), config.integer("maxConns", 4), context, c -> {
              try (var st = c.createStatement()) {
                st.execute(PostgresSequenceStore.createTable(table));
              }
              return null;
            }),
            table);
      }
      case EMBEDDED -> new EmbeddedSequenceStore(
          context.dataDir().resolve("sequencer-" + config.name()), blockSize(config), context.blockingExecutor());
      default -> throw new IllegalArgumentException("not a sequencer type: " + config.spec().type());
    };
  }

  private static String keyPrefix(ComponentConfig config, ComponentContext context) {
    String p = config.string("keyPrefix", "appid");
    if (p.equalsIgnoreCase("appid")) {
      return "sequencer||" + context.appId();
    }
    return p.equalsIgnoreCase("none") ? "" : p;
  }

  private static PostgresUrl url(ComponentConfig config) {
    try {
      return PostgresUrl.parse(config.required("connectionString"));
    } catch (IllegalArgumentException e) {
      throw config.invalid("connectionString", e.getMessage());
    }
  }

  private static String table(ComponentConfig config) {
    String t = config.string("tableName", "capa_sequences");
    if (!TABLE.matcher(t).matches()) {
      throw config.invalid("tableName", "'" + t + "' is not a table name (letters, digits, _; optionally schema.table)");
    }
    return t;
  }

  private static long blockSize(ComponentConfig config) {
    long b = config.longValue("blockSize", DEFAULT_BLOCK);
    if (b < 1) {
      throw config.invalid("blockSize", "'" + b + "' must be at least 1");
    }
    return b;
  }
}
