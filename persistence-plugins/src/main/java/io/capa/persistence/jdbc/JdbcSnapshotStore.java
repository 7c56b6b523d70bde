package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.internal.Database;
import io.capa.persistence.jdbc.internal.JdbcDatabases;
import io.capa.persistence.jdbc.internal.PayloadCodec;
import io.capa.persistence.jdbc.internal.ScalaFutures;
import io.capa.persistence.jdbc.internal.Schema;
import io.capa.persistence.jdbc.internal.SnapshotQueries;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;

/**
 * The JDBC snapshot store, plugin id {@code capa.persistence.jdbc.snapshot}. Snapshots are rare
 * next to events, so they are written directly rather than through the batching writer.
 */
public final class JdbcSnapshotStore extends SnapshotStore {
  private final PayloadCodec codec;
  private final SnapshotQueries queries;

  public JdbcSnapshotStore(Config config, String configPath) {
    Database db = JdbcDatabases.get(context().system()).database(config.getString("connection"));
    String table = db.settings().qualify(config.getString("table"));
    db.ensureTable(table, Schema.snapshot(db.dialect(), table));
    this.codec = new PayloadCodec(context().system());
    this.queries = new SnapshotQueries(db, table, codec);
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    return ScalaFutures.toScala(queries.load(persistenceId, criteria));
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    CompletableFuture<Void> saved;
    try {
      PayloadCodec.Serialized meta =
          metadata.metadata().isDefined() ? codec.encode(metadata.metadata().get()) : null;
      saved = queries.save(metadata, codec.encode(snapshot), meta);
    } catch (Exception e) {
      saved = CompletableFuture.failedFuture(e);
    }
    return ScalaFutures.toScala(saved);
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return ScalaFutures.toScala(queries.delete(metadata));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return ScalaFutures.toScala(queries.delete(persistenceId, criteria));
  }
}
