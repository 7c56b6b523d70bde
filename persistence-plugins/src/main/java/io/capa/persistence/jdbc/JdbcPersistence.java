package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.internal.Database;
import io.capa.persistence.jdbc.internal.JdbcDatabases;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;

/**
 * Entry point for what the plugins expose besides the Pekko plugin API: the counters of the
 * batching writers, for metrics and for checking that batching happens.
 *
 * <p>Plugin ids: {@code capa.persistence.jdbc.journal}, {@code capa.persistence.jdbc.snapshot}
 * and {@code capa.persistence.jdbc.state}. They share the pool configured at
 * {@code capa.persistence.jdbc.connection}.
 */
public final class JdbcPersistence {
  public static final String JOURNAL_PLUGIN_ID = "capa.persistence.jdbc.journal";
  public static final String SNAPSHOT_PLUGIN_ID = "capa.persistence.jdbc.snapshot";
  public static final String STATE_PLUGIN_ID = "capa.persistence.jdbc.state";

  private JdbcPersistence() {}

  /** Counters of the journal writer behind the given journal plugin id. */
  public static Optional<WriterStats> journalWriterStats(ActorSystem system, String pluginId) {
    return stats(system, pluginId, "journal-");
  }

  /** Counters of the durable state writer behind the given state plugin id. */
  public static Optional<WriterStats> stateWriterStats(ActorSystem system, String pluginId) {
    return stats(system, pluginId, "state-");
  }

  private static Optional<WriterStats> stats(ActorSystem system, String pluginId,
      String prefix) {
    Config plugin = system.settings().config().getConfig(pluginId);
    Database db = JdbcDatabases.get(system).database(plugin.getString("connection"));
    return db.writerStats(prefix + db.settings().qualify(plugin.getString("table")));
  }
}
