package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.internal.BatchWriter;
import io.capa.persistence.jdbc.internal.Database;
import io.capa.persistence.jdbc.internal.JdbcDatabases;
import io.capa.persistence.jdbc.internal.PayloadCodec;
import io.capa.persistence.jdbc.internal.ScalaStateStore;
import io.capa.persistence.jdbc.internal.Schema;
import io.capa.persistence.jdbc.internal.StateQueries;
import io.capa.persistence.jdbc.internal.StateUpsert;
import io.capa.persistence.jdbc.internal.StateWrite;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.state.DurableStateStoreProvider;
import org.apache.pekko.persistence.state.javadsl.DurableStateStore;

/**
 * Creates the {@link JdbcDurableStateStore} for the plugin id {@code capa.persistence.jdbc.state}
 * (or any config block with this class). Pekko instantiates it by reflection.
 */
public final class JdbcDurableStateStoreProvider implements DurableStateStoreProvider {
  private final JdbcDurableStateStore<Object> store;

  public JdbcDurableStateStoreProvider(ExtendedActorSystem system, Config config,
      String configPath) {
    Database db = JdbcDatabases.get(system).database(config.getString("connection"));
    String table = db.settings().qualify(config.getString("table"));
    db.ensureTable(table, Schema.state(db.dialect(), table));
    PayloadCodec codec = new PayloadCodec(system);
    BatchWriter<StateWrite> writer =
        db.writer("state-" + table, dialect -> new StateUpsert(dialect, table));
    this.store = new JdbcDurableStateStore<>(codec, writer, new StateQueries(db, table, codec));
  }

  @Override
  public org.apache.pekko.persistence.state.scaladsl.DurableStateStore<Object>
      scaladslDurableStateStore() {
    return new ScalaStateStore<>(store);
  }

  @Override
  public DurableStateStore<Object> javadslDurableStateStore() {
    return store;
  }
}
