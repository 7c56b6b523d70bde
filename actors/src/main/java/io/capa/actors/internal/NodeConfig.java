package io.capa.actors.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.persistence.jdbc.JdbcPersistence;
import io.capa.persistence.redis.RedisPersistence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API: derives the Pekko settings of a node from the {@code capa.*} configuration: cluster
 * address and seed nodes, the split brain resolver, sharding passivation, and the persistence plugins
 * of the chosen backend. This is the one place where user-facing settings become Pekko settings.
 */
public final class NodeConfig {
  public static final String SYSTEM_NAME = "capa";
  static final String JDBC_JOURNAL = JdbcPersistence.JOURNAL_PLUGIN_ID;
  static final String JDBC_SNAPSHOT = JdbcPersistence.SNAPSHOT_PLUGIN_ID;
  static final String JDBC_STATE = JdbcPersistence.STATE_PLUGIN_ID;
  static final String REDIS_JOURNAL = RedisPersistence.JOURNAL_PLUGIN_ID;
  static final String REDIS_SNAPSHOT = RedisPersistence.SNAPSHOT_PLUGIN_ID;
  static final String REDIS_STATE = RedisPersistence.STATE_PLUGIN_ID;
  /**
   * How long Capa's plugins refuse calls after their circuit breaker opened. Pekko's defaults (30 s
   * for journals, 60 s for snapshot stores) would keep actors failing for up to a minute after the
   * store came back; the runtime's own probe already keeps load off a store that is down.
   */
  static final String BREAKER_RESET = "2s";

  private NodeConfig() {}

  public static Config build(Config capa) {
    Map<String, Object> p = new HashMap<>();
    Config c = capa.getConfig("capa");
    String host = c.getString("cluster.host");
    p.put("pekko.remote.artery.canonical.hostname", host);
    p.put("pekko.remote.artery.canonical.port", c.getInt("cluster.port"));
    List<String> seeds = new ArrayList<>();
    for (String s : c.getStringList("cluster.seed-nodes")) {
      seeds.add(s.startsWith("pekko://") ? s : "pekko://" + SYSTEM_NAME + "@" + s);
    }
    p.put("pekko.cluster.seed-nodes", seeds);
    p.put("pekko.cluster.split-brain-resolver.active-strategy", c.getString("cluster.sbr.strategy"));
    p.put("pekko.cluster.split-brain-resolver.stable-after", c.getDuration("cluster.sbr.stable-after").toMillis() + "ms");
    p.put("pekko.cluster.sharding.passivation.strategy", "default-strategy");
    p.put(
        "pekko.cluster.sharding.passivation.default-strategy.active-entity-limit", c.getInt("actors.active-entity-limit"));
    p.put(
        "pekko.cluster.sharding.passivation.default-strategy.idle-entity.timeout",
        c.getDuration("actors.idle-timeout").toMillis() + "ms");
    persistence(c, p);
    return ConfigFactory.parseMap(p)
        .withFallback(ConfigFactory.parseResources(NodeConfig.class, "/io/capa/actors/node-defaults.conf"))
        .withFallback(capa)
        .resolve();
  }

  private static void persistence(Config c, Map<String, Object> p) {
    String backend = c.getString("persistence.backend");
    String url = c.getString("persistence.url");
    String user = c.getString("persistence.user");
    String password = c.getString("persistence.password");
    String journal = JDBC_JOURNAL;
    String snapshot = JDBC_SNAPSHOT;
    String state = JDBC_STATE;
    switch (backend) {
      case "h2" -> {
        Path dir = Path.of(c.getString("data-dir")).toAbsolutePath().normalize();
        // WRITE_DELAY=0: H2 otherwise keeps commits in memory for 500 ms, and a killed process
        // loses turns whose callers were told they succeeded (dist's KillUnderLoadTest measured
        // it). MAX_COMPACT_TIME=0: H2 2.3.232 can corrupt a file while compacting it on close.
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the file while a graceful
        // stop still writes; the connection pool closes it when the actor system terminates.
        if (!url.isEmpty() && !url.startsWith("jdbc:h2:")) {
          throw badUrl(url, "an H2 JDBC URL (jdbc:h2:...)");
        }
        p.put(
            "capa.persistence.jdbc.connection.url",
            url.isEmpty()
                ? "jdbc:h2:file:" + dir.resolve("capa") + ";WRITE_DELAY=0;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE"
                : url);
        p.put("capa.persistence.jdbc.connection.dialect", "h2");
        p.put("capa.persistence.jdbc.connection.user", user.isEmpty() ? "sa" : user);
      }
      case "postgres" -> {
        ServerUrl u = ServerUrl.jdbc(url, "jdbc:postgresql:", new String[] {"postgres", "postgresql"}, "postgresql",
            "jdbc:postgresql://127.0.0.1:5432/test", "a PostgreSQL URL (postgres://host:port/db or jdbc:postgresql://...)");
        p.put("capa.persistence.jdbc.connection.url", u.url());
        p.put("capa.persistence.jdbc.connection.dialect", "postgres");
        p.put("capa.persistence.jdbc.connection.user", first(user, u.user(), "postgres"));
        password = first(password, u.password(), "");
      }
      case "mariadb" -> {
        ServerUrl u = ServerUrl.jdbc(url, "jdbc:mariadb:", new String[] {"mariadb", "mysql"}, "mariadb",
            "jdbc:mariadb://127.0.0.1:3306/test", "a MariaDB URL (mariadb://host:port/db or jdbc:mariadb://...)");
        p.put("capa.persistence.jdbc.connection.url", u.url());
        p.put("capa.persistence.jdbc.connection.dialect", "mariadb");
        p.put("capa.persistence.jdbc.connection.user", first(user, u.user(), "root"));
        password = first(password, u.password(), "");
      }
      case "redis" -> {
        journal = REDIS_JOURNAL;
        snapshot = REDIS_SNAPSHOT;
        state = REDIS_STATE;
        p.put("capa.persistence.redis.connection.url", ServerUrl.redis(url, user, password));
        password = "";
      }
      case "inmem" -> {
        journal = "pekko.persistence.journal.inmem";
        snapshot = "pekko.persistence.snapshot-store.local";
        state = "";
        p.put(
            "pekko.persistence.snapshot-store.local.dir",
            Path.of(c.getString("data-dir")).toAbsolutePath().resolve("snapshots").toString());
      }
      default -> throw new IllegalArgumentException(
          "persistence.backend: unknown backend '" + backend + "' (expected h2, postgres, mariadb, redis or inmem)");
    }
    if (!password.isEmpty()) {
      p.put("capa.persistence.jdbc.connection.password", password);
    }
    if (journal.startsWith("capa.persistence.")) {
      p.put(journal + ".circuit-breaker.reset-timeout", BREAKER_RESET);
      p.put(snapshot + ".circuit-breaker.reset-timeout", BREAKER_RESET);
    }
    journal = orCustom(c, "persistence.plugins.journal", journal);
    snapshot = orCustom(c, "persistence.plugins.snapshot", snapshot);
    state = orCustom(c, "persistence.plugins.state", state);
    p.put("pekko.persistence.journal.plugin", journal);
    p.put("pekko.persistence.snapshot-store.plugin", snapshot);
    if (!state.isEmpty()) {
      p.put("pekko.persistence.state.plugin", state);
    }
  }

  private static String first(String... candidates) {
    for (String s : candidates) {
      if (s != null && !s.isEmpty()) {
        return s;
      }
    }
    return "";
  }

  static IllegalArgumentException badUrl(String url, String expected) {
    return new IllegalArgumentException(
        "persistence.url: '" + ServerUrl.redact(url) + "' is not " + expected);
  }

  private static String orCustom(Config c, String path, String fallback) {
    String v = c.getString(path);
    return v.isEmpty() ? fallback : v;
  }

  /** Overrides from plain Java values (for embedding and tests), on top of {@code base}. */
  public static Config withOverrides(Config base, Map<String, Object> overrides) {
    return overrides.isEmpty() ? base : ConfigFactory.parseMap(overrides).withFallback(base);
  }

}
