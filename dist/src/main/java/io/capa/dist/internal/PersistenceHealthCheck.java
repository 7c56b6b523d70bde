package io.capa.dist.internal;

import com.typesafe.config.Config;
import io.capa.actors.api.PersistenceStatus;
import io.capa.actors.internal.ServerUrl;
import io.capa.persistence.jdbc.JdbcPersistence;
import io.capa.persistence.redis.RedisPersistence;
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
import java.util.function.Supplier;

/**
 * INTERNAL API: whether the store the actors persist to can be used. Two views are combined:
 *
 * <ul>
 *   <li>a real round trip of its own: for the JDBC plugins a new connection with the configured URL
 *       and credentials running {@code SELECT 1}, for the Redis plugins a new connection sending
 *       {@code PING}, each with a short timeout, so a store that went away is reported even while
 *       nothing is written and the plugins' pools still hold connections they have not found dead;
 *   <li>the actor runtime's own {@link PersistenceStatus}, which says whether the journal plugin
 *       answers (and covers custom plugins this check cannot probe).
 * </ul>
 *
 * <p>A store that fails either is reported {@link HealthStatus.State#DEGRADED}, not down: the node
 * reconnects by itself when the store returns, so restarting it would not help.
 *
 * <p>The probe blocks, so it runs on a thread of its own; at most one probe is in flight, and
 * callers arriving meanwhile share its answer, so a probe storm cannot pile up threads or
 * connections.
 */
public final class PersistenceHealthCheck implements HealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private enum Kind { JDBC, REDIS, NONE }

  private final Kind kind;
  private final String url;
  private final String user;
  private final String password;
  private final Supplier<PersistenceStatus> runtimeStatus;
  private final ExecutorService probes =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "capa-persistence-health");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<CompletableFuture<HealthStatus>> inFlight = new AtomicReference<>();

  /**
   * {@code nodeConfig} is the actor system's resolved configuration (with the plugin ids set);
   * {@code runtimeStatus} the actor runtime's view of its journal.
   */
  public PersistenceHealthCheck(Config nodeConfig, Supplier<PersistenceStatus> runtimeStatus) {
    this.runtimeStatus = runtimeStatus;
    String journal = nodeConfig.getString("pekko.persistence.journal.plugin");
    if (journal.equals(JdbcPersistence.JOURNAL_PLUGIN_ID)) {
      Config c = nodeConfig.getConfig("capa.persistence.jdbc.connection");
      this.kind = Kind.JDBC;
      this.url = c.getString("url");
      this.user = c.getString("user");
      this.password = c.getString("password");
    } else if (journal.equals(RedisPersistence.JOURNAL_PLUGIN_ID)) {
      this.kind = Kind.REDIS;
      this.url = nodeConfig.getString("capa.persistence.redis.connection.url");
      this.user = "";
      this.password = "";
    } else {
      this.kind = Kind.NONE;
      this.url = "";
      this.user = "";
      this.password = "";
    }
  }

  @Override
  public String name() {
    return "persistence";
  }

  @Override
  public CompletionStage<HealthStatus> check() {
    if (kind == Kind.NONE) {
      return CompletableFuture.completedFuture(fromRuntime("custom or in-memory plugin: not probed, the runtime's view only"));
    }
    CompletableFuture<HealthStatus> mine = new CompletableFuture<>();
    CompletableFuture<HealthStatus> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    probes.execute(
        () -> {
          HealthStatus s = kind == Kind.JDBC ? probeJdbc() : RedisPing.ping(url, TIMEOUT);
          inFlight.set(null);
          mine.complete(s.healthy() ? fromRuntime("") : s);
        });
    return mine;
  }

  private HealthStatus fromRuntime(String upDetail) {
    PersistenceStatus s = runtimeStatus.get();
    return s.available()
        ? new HealthStatus(HealthStatus.State.UP, upDetail)
        : HealthStatus.degraded("the actor runtime cannot reach its journal since " + s.since() + ": " + s.detail());
  }

  /** Stops the probe thread; a probe in flight finishes on its own. */
  public void close() {
    probes.shutdown();
  }

  private HealthStatus probeJdbc() {
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
      return HealthStatus.degraded(ServerUrl.redact(url) + ": " + e.getMessage());
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
}
