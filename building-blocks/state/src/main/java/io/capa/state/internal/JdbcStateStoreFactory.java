package io.capa.state.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * INTERNAL API. Creates the SQL state stores: {@code state.postgresql}, {@code state.mysql}
 * (MariaDB and MySQL) and the embedded {@code state.h2} (also {@code state.embedded}). Metadata
 * common to all: {@code tableName} ({@code state}), {@code timeout} (query timeout, 20s; also
 * {@code timeoutInSeconds}), {@code cleanupInterval} (expiry sweep, 1h, 0 or -1 disables; also
 * {@code cleanupIntervalInSeconds}), {@code ttlInSeconds} (default expiry), {@code maxConns} (4) and
 * {@code keyPrefix}.
 */
public final class JdbcStateStoreFactory implements ComponentFactory {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  @Override
  public Set<String> types() {
    return Set.of("state.postgresql", "state.mysql", "state.h2", "state.embedded");
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    List<String> problems = new ArrayList<>();
    try {
      settings(new ComponentConfig(spec, RedisStateStoreFactory.plain(spec)), Path.of("."));
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  record Settings(SqlDialect dialect, JdbcTarget target, String table, List<String> setup, String driver) {}

  static Settings settings(ComponentConfig config, Path dataDir) {
    String type = config.spec().type();
    String tableName = config.string("tableName", "state");
    switch (type) {
      case "state.postgresql": {
        JdbcTarget target;
        try {
          target = JdbcTarget.postgres(config.required("connectionString", "url"));
        } catch (IllegalArgumentException e) {
          throw config.invalid("connectionString", e.getMessage());
        }
        String[] parts = tableName.split("\\.", -1);
        for (String p : parts) {
          requireIdentifier(config, "tableName", p, tableName);
        }
        if (parts.length > 2) {
          throw config.invalid("tableName", "'" + tableName + "' is not table or schema.table");
        }
        List<String> setup = parts.length == 2 ? List.of("CREATE SCHEMA IF NOT EXISTS " + parts[0]) : List.of();
        return new Settings(SqlDialect.POSTGRESQL, target, tableName, setup, "org.postgresql.Driver");
      }
      case "state.mysql": {
        JdbcTarget target;
        try {
          target = JdbcTarget.mysql(config.required("connectionString", "url"));
        } catch (IllegalArgumentException e) {
          throw config.invalid("connectionString", e.getMessage());
        }
        requireIdentifier(config, "tableName", tableName, tableName);
        Optional<String> schema = config.find("schemaName");
        if (schema.isEmpty() && target.database().isEmpty()) {
          schema = Optional.of("dapr_state_store"); // where Dapr puts the table when the DSN names no database
        }
        if (schema.isPresent()) {
          requireIdentifier(config, "schemaName", schema.get(), schema.get());
          return new Settings(SqlDialect.MARIADB, target, schema.get() + "." + tableName,
              List.of("CREATE DATABASE IF NOT EXISTS " + schema.get()), "org.mariadb.jdbc.Driver");
        }
        return new Settings(SqlDialect.MARIADB, target, tableName, List.of(), "org.mariadb.jdbc.Driver");
      }
      default: {
        requireIdentifier(config, "tableName", tableName, tableName);
        String url = config.find("url", "connectionString")
            .orElse("jdbc:h2:file:" + dataDir.resolve("state-" + config.name()).toAbsolutePath());
        if (!url.startsWith("jdbc:h2:")) {
          throw config.invalid("url", "'" + url + "' is not an H2 JDBC URL (jdbc:h2:...)");
        }
        if (!url.toUpperCase(java.util.Locale.ROOT).contains("LOCK_TIMEOUT")) {
          url = url + ";LOCK_TIMEOUT=10000"; // concurrent conditional writes to one key wait for each other
        }
        return new Settings(SqlDialect.H2, new JdbcTarget(url, Optional.empty(), Optional.empty(), Optional.empty()),
            tableName, List.of(), "org.h2.Driver");
      }
    }
  }

  private static void requireIdentifier(ComponentConfig config, String field, String value, String whole) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw config.invalid(field, "'" + whole + "' is not a plain SQL name (letters, digits, underscores)");
    }
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    Settings s = settings(config, context.dataDir());
    long ttl = config.longValue("ttlInSeconds", -1);
    if (ttl == 0 || ttl < -1) {
      throw config.invalid("ttlInSeconds", "'" + ttl + "' must be a positive number of seconds, or -1 for none");
    }
    Duration timeout = config.duration("timeout", Duration.ofSeconds(20), ChronoUnit.SECONDS, "timeoutInSeconds");
    Duration cleanup = cleanupInterval(config);
    int maxConns = config.integer("maxConns", 4);
    if (maxConns < 1) {
      throw config.invalid("maxConns", "must be at least 1");
    }
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("capa-state-" + config.name());
    hc.setDriverClassName(s.driver());
    hc.setJdbcUrl(s.target().url());
    s.target().user().ifPresent(hc::setUsername);
    s.target().password().ifPresent(hc::setPassword);
    hc.setMaximumPoolSize(maxConns);
    hc.setMinimumIdle(1);
    // Created while the database is down: the pool starts empty and fills once it answers.
    hc.setInitializationFailTimeout(-1);
    hc.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    hc.setValidationTimeout(Math.min(CONNECTION_TIMEOUT.toMillis(), 1000));
    HikariDataSource pool = new HikariDataSource(hc);
    return new JdbcStateStore(config.name(), config.string("keyPrefix", "appid"), s.dialect(), s.table(), s.setup(),
        pool, context.blockingExecutor(), context.scheduler(),
        ttl > 0 ? Optional.of(Duration.ofSeconds(ttl)) : Optional.empty(), timeout, cleanup);
  }

  private static Duration cleanupInterval(ComponentConfig config) {
    Optional<String> raw = config.find("cleanupInterval", "cleanupIntervalInSeconds");
    if (raw.isPresent() && raw.get().trim().startsWith("-")) {
      return Duration.ZERO; // -1 disables the sweep, as in Dapr
    }
    return config.duration("cleanupInterval", Duration.ofHours(1), ChronoUnit.SECONDS, "cleanupIntervalInSeconds");
  }
}
