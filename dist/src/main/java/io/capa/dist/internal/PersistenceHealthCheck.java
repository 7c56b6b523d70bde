package io.capa.dist.internal;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.JdbcPersistence;
import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HealthStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * INTERNAL API: a real round trip to the store the actors persist to. For the JDBC plugins it opens
 * a new connection with the configured URL and credentials and runs {@code SELECT 1} with a short
 * timeout, so a database that went away is reported even while the plugin's pool still holds
 * connections it has not noticed are dead. Other plugins (in-memory, custom ids) are reported healthy
 * with a detail saying they were not probed.
 *
 * <p>The probe blocks, so it runs on a thread of its own; at most one probe is in flight, and
 * callers arriving meanwhile share its answer, so a probe storm cannot pile up threads or
 * connections.
 */
public final class PersistenceHealthCheck implements HealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final String url;
  private final String user;
  private final String password;
  private final boolean jdbc;
  private final ExecutorService probes =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "capa-persistence-health");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<CompletableFuture<HealthStatus>> inFlight = new AtomicReference<>();

  /** {@code nodeConfig} is the actor system's resolved configuration (with the plugin ids set). */
  public PersistenceHealthCheck(Config nodeConfig) {
    this.jdbc = JdbcPersistence.JOURNAL_PLUGIN_ID.equals(nodeConfig.getString("pekko.persistence.journal.plugin"));
    Config c = nodeConfig.getConfig("capa.persistence.jdbc.connection");
    this.url = c.getString("url");
    this.user = c.getString("user");
    this.password = c.getString("password");
  }

  @Override
  public String name() {
    return "persistence";
  }

  @Override
  public CompletionStage<HealthStatus> check() {
    if (!jdbc) {
      return CompletableFuture.completedFuture(new HealthStatus(true, "not a JDBC journal: not probed"));
    }
    CompletableFuture<HealthStatus> mine = new CompletableFuture<>();
    CompletableFuture<HealthStatus> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    probes.execute(
        () -> {
          HealthStatus s = probe();
          inFlight.set(null);
          mine.complete(s);
        });
    return mine;
  }

  /** Stops the probe thread; a probe in flight finishes on its own. */
  public void close() {
    probes.shutdown();
  }

  private HealthStatus probe() {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    addTimeouts(props);
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement()) {
      st.setQueryTimeout((int) TIMEOUT.toSeconds());
      st.execute("SELECT 1");
      return HealthStatus.ok();
    } catch (SQLException | RuntimeException e) {
      return HealthStatus.unhealthy(redact(url) + ": " + e.getMessage());
    }
  }

  // Bounds the connect itself, which setQueryTimeout does not cover; each driver names it its way.
  private void addTimeouts(Properties props) {
    if (url.startsWith("jdbc:postgresql:")) {
      props.setProperty("connectTimeout", Long.toString(TIMEOUT.toSeconds()));
      props.setProperty("socketTimeout", Long.toString(TIMEOUT.toSeconds() * 2));
    } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      props.setProperty("connectTimeout", Long.toString(TIMEOUT.toMillis()));
      props.setProperty("socketTimeout", Long.toString(TIMEOUT.toMillis() * 2));
    }
  }

  /** The URL without its query part, which may carry credentials. */
  static String redact(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }
}
