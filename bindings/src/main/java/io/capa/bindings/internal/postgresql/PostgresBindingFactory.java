package io.capa.bindings.internal.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.postgresql} (and Dapr's alias {@code bindings.postgres}). */
public final class PostgresBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.postgresql", "bindings.postgres");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    String raw = config.required("connectionString", "url");
    ConnectionStrings.Jdbc jdbc;
    try {
      jdbc = ConnectionStrings.parse(raw);
    } catch (IllegalArgumentException e) {
      throw config.invalid("connectionString", "not a PostgreSQL connection string: " + e.getMessage());
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbc.url());
    hikari.setDataSourceProperties(jdbc.properties());
    hikari.setPoolName("capa-binding-" + config.name());
    hikari.setMaximumPoolSize(config.integer("maxConns", 4));
    // Start even when the server is down; connections are made when it is back.
    hikari.setInitializationFailTimeout(-1);
    hikari.setConnectionTimeout(5_000);
    return new PostgresOutputBinding(config.name(), new HikariDataSource(hikari), context.blockingExecutor());
  }
}
