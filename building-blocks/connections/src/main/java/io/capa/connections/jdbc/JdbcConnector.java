package io.capa.connections.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentHealth;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection pool of a component whose database may be down when it starts or later.
 *
 * <p>A probe on the context's scheduler checks the database every {@link #PROBE_INTERVAL}; the
 * first time it gets through it runs the component's schema setup. While the probe fails, {@link
 * #health()} is down and {@link #call} fails at once with {@code ERR_COMPONENT_FAILED} instead of
 * waiting for the pool's connection timeout.
 */
public final class JdbcConnector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JdbcConnector.class);
  public static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  /** Work on a pooled connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private final String component;
  private final ComponentContext context;
  private final HikariDataSource pool;
  private final SqlWork<Void> setup;
  private final ScheduledFuture<?> probe;
  private volatile boolean up;
  private volatile boolean setUp;
  private volatile String lastError = "not connected yet";
  private volatile boolean closed;

  /** @param setup creates the component's tables; runs once, on the first connection */
  public JdbcConnector(String component, PostgresUrl url, int maxConnections, ComponentContext context, SqlWork<Void> setup) {
    this.component = component;
    this.context = context;
    this.setup = setup;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url.jdbcUrl());
    Properties props = url.properties();
    hc.setDataSourceProperties(props);
    hc.setMaximumPoolSize(maxConnections);
    hc.setMinimumIdle(0);
    hc.setPoolName("capa-" + component);
    // the pool must come up without its database; the probe says when it is there
    hc.setInitializationFailTimeout(-1);
    hc.setConnectionTimeout(3000);
    hc.setValidationTimeout(2000);
    this.pool = new HikariDataSource(hc);
    this.probe = context.scheduler().scheduleWithFixedDelay(
        () -> context.blockingExecutor().execute(this::check), 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    if (closed) {
      return;
    }
    try (Connection c = pool.getConnection()) {
      // The pool hands out a connection used within the last half second without checking it, and
      // the probe itself uses one that often: ask the database, or a lost server stays "up".
      if (!c.isValid((int) PROBE_TIMEOUT.toSeconds())) {
        pool.evictConnection(c);
        throw new SQLException("the database did not answer a validity check within " + PROBE_TIMEOUT.toSeconds() + " s");
      }
      if (!setUp) {
        synchronized (this) {
          if (!setUp) {
            setup.run(c);
            setUp = true;
          }
        }
      }
      if (!up) {
        log.info("component '{}' reached its database", component);
      }
      up = true;
    } catch (SQLException | RuntimeException e) {
      if (up) {
        log.warn("component '{}' lost its database: {}", component, e.getMessage());
      }
      lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      up = false;
    }
  }

  public ComponentHealth health() {
    if (closed) {
      return ComponentHealth.down("closed");
    }
    return up ? ComponentHealth.UP : ComponentHealth.down("database unreachable: " + lastError);
  }

  /** Runs {@code work} on the blocking executor with a pooled connection (auto-commit on). */
  public <T> CompletionStage<T> call(SqlWork<T> work) {
    if (!up) {
      return CompletableFuture.failedFuture(new CapaException(
          ErrorCode.COMPONENT_FAILED, "component '" + component + "': " + health().detail()));
    }
    return CompletableFuture.supplyAsync(() -> {
      try (Connection c = pool.getConnection()) {
        return work.run(c);
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
          up = false;
          lastError = e.getMessage();
        }
        throw new CapaException(ErrorCode.COMPONENT_FAILED,
            "component '" + component + "': database failed: " + e.getMessage(), e);
      }
    }, context.blockingExecutor());
  }

  /** For work that must run on the caller's thread (listeners); the caller closes the connection. */
  public Connection open() throws SQLException {
    return pool.getConnection();
  }

  public boolean isUp() {
    return up;
  }

  @Override
  public void close() {
    closed = true;
    up = false;
    probe.cancel(false);
    pool.close();
  }
}
