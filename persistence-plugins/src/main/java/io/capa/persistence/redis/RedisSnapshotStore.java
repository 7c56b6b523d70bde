package io.capa.persistence.redis;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.internal.PayloadCodec;
import io.capa.persistence.jdbc.internal.ScalaFutures;
import io.capa.persistence.redis.internal.Keys;
import io.capa.persistence.redis.internal.Payloads;
import io.capa.persistence.redis.internal.RedisConnections;
import io.capa.persistence.redis.internal.RedisEndpoint;
import io.capa.persistence.redis.internal.SnapshotCommands;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;

/**
 * The Redis snapshot store, plugin id {@code capa.persistence.redis.snapshot}. Selection by
 * sequence number and timestamp runs inside Redis (one script per operation), so loading the
 * youngest matching snapshot transfers that snapshot only.
 */
public final class RedisSnapshotStore extends SnapshotStore {
  private final Payloads payloads;
  private final SnapshotCommands commands;

  public RedisSnapshotStore(Config config, String configPath) {
    RedisEndpoint redis = RedisConnections.get(context().system())
        .endpoint(config.getString("connection"));
    this.payloads = new Payloads(context().system());
    this.commands = new SnapshotCommands(redis,
        new Keys(redis.settings().keyPrefix(), config.getString("keyspace")), payloads);
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    return ScalaFutures.toScala(commands.load(persistenceId, criteria));
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    CompletableFuture<Void> saved;
    try {
      PayloadCodec.Serialized meta =
          metadata.metadata().isDefined() ? payloads.encode(metadata.metadata().get()) : null;
      saved = commands.save(metadata, payloads.encode(snapshot), meta);
    } catch (Exception e) {
      saved = CompletableFuture.failedFuture(e);
    }
    return ScalaFutures.toScala(saved);
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return ScalaFutures.toScala(commands.delete(metadata));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return ScalaFutures.toScala(commands.delete(persistenceId, criteria));
  }
}
