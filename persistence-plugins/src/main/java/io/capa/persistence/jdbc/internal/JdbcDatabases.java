package io.capa.persistence.jdbc.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.event.Logging;

/**
 * INTERNAL API. One {@link Database} per connection block path per ActorSystem, so the journal,
 * the snapshot store and the durable state store share one pool and one set of writers. Closed
 * when the ActorSystem terminates.
 */
public final class JdbcDatabases implements Extension {
  private static final Id ID = new Id();

  private final ExtendedActorSystem system;
  private final ConcurrentMap<String, Database> databases = new ConcurrentHashMap<>();

  private JdbcDatabases(ExtendedActorSystem system) {
    this.system = system;
    system.registerOnTermination(this::closeAll);
  }

  public static JdbcDatabases get(ActorSystem system) {
    return ID.get(system);
  }

  /** The database of the connection block at the given absolute config path. */
  public Database database(String connectionPath) {
    return databases.computeIfAbsent(connectionPath, p -> {
      ConnectionSettings settings =
          ConnectionSettings.fromConfig(system.settings().config().getConfig(p));
      Database db = new Database(p, settings, Logging.getLogger(system, Database.class));
      Logging.getLogger(system, JdbcDatabases.class).info(
          "JDBC persistence pool [{}] started: {} as {} with {} connections", p, settings.url(),
          settings.dialect(), settings.maxPoolSize());
      return db;
    });
  }

  private void closeAll() {
    databases.values().forEach(Database::close);
    databases.clear();
  }

  private static final class Id extends AbstractExtensionId<JdbcDatabases> {
    @Override
    public JdbcDatabases createExtension(ExtendedActorSystem system) {
      return new JdbcDatabases(system);
    }
  }
}
