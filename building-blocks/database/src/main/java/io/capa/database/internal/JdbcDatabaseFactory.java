package io.capa.database.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * INTERNAL API. {@code database.postgresql}, {@code database.mysql} (MariaDB and MySQL through the
 * MariaDB driver) and {@code database.h2}. Metadata: {@code url} (JDBC) or {@code connectionString}
 * (Dapr's forms), {@code user}, {@code password}, {@code maxConnections} (10), {@code
 * transactionTimeout} (the default idle timeout of transactions, 1m), {@code connectTimeout} (5s).
 */
public final class JdbcDatabaseFactory implements ComponentFactory {
  static final String PREFIX = "database.";
  private static final Set<String> TYPES = Set.of("database.postgresql", "database.mysql", "database.h2");

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    List<String> problems = new ArrayList<>();
    boolean hasUrl = spec.metadata().keySet().stream()
        .anyMatch(k -> k.equalsIgnoreCase("url") || k.equalsIgnoreCase("connectionString"));
    if (!hasUrl) {
      problems.add("url: missing (a JDBC URL, or connectionString)");
    }
    return problems;
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    String kind = config.spec().type().substring(PREFIX.length());
    String text = config.required("url", "connectionString");
    JdbcUrls.Target target;
    try {
      target = JdbcUrls.parse(kind, text);
    } catch (IllegalArgumentException e) {
      throw config.invalid("url", e.getMessage());
    }
    String expected = switch (kind) {
      case "postgresql" -> "jdbc:postgresql:";
      case "mysql" -> "jdbc:mariadb:";
      default -> "jdbc:h2:";
    };
    String url = target.url().startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + target.url().substring("jdbc:mysql:".length()) : target.url();
    if (!url.startsWith(expected)) {
      throw config.invalid("url", "a " + config.spec().type() + " component needs a " + expected + " URL, got "
          + JdbcUrls.redact(url));
    }
    int max = config.integer("maxConnections", 10, "maxOpenConns");
    if (max < 1 || max > 1000) {
      throw config.invalid("maxConnections", "must be 1..1000, got " + max);
    }
    Duration idle = config.duration("transactionTimeout", Duration.ofMinutes(1), ChronoUnit.SECONDS);
    Duration connect = config.duration("connectTimeout", Duration.ofSeconds(5), ChronoUnit.SECONDS);
    if (idle.isZero() || idle.isNegative()) {
      throw config.invalid("transactionTimeout", "must be positive");
    }

    HikariConfig hc = new HikariConfig();
    hc.setPoolName("capa-db-" + config.name());
    hc.setJdbcUrl(url);
    config.find("user", "username").or(target::user).ifPresent(hc::setUsername);
    config.find("password").or(target::password).ifPresent(hc::setPassword);
    hc.setMaximumPoolSize(max);
    hc.setMinimumIdle(Math.min(2, max));
    hc.setConnectionTimeout(Math.max(250, connect.toMillis()));
    // Created even when the server is down: the pool connects on first use and keeps trying.
    hc.setInitializationFailTimeout(-1);
    hc.setDriverClassName(switch (kind) {
      case "postgresql" -> "org.postgresql.Driver";
      case "mysql" -> "org.mariadb.jdbc.Driver";
      default -> "org.h2.Driver";
    });
    HikariDataSource pool = new HikariDataSource(hc);
    Duration sweep = idle.dividedBy(4).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : idle.dividedBy(4);
    return new JdbcDatabase(config.name(), pool, context.blockingExecutor(), context.scheduler(), idle, sweep,
        kind.equals("postgresql"));
  }
}
