package io.capa.persistence.redis;

import io.capa.persistence.redis.internal.Payloads;
import io.capa.persistence.redis.internal.StateCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.persistence.state.javadsl.DurableStateUpdateStore;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;

/**
 * The Redis durable state store, plugin id {@code capa.persistence.redis.state}. It keeps the
 * revision contract of the JDBC store.
 *
 * <p>Revisions are optimistic locks, checked and written by one Lua script.
 * {@code upsertObject(id, n, ...)} succeeds only when the stored revision is {@code n - 1} (no
 * state counts as 0), else it fails with a
 * {@link io.capa.persistence.jdbc.RevisionConflictException} naming the id and both revisions.
 * {@code deleteObject(id, n)} follows the same rule (failing with Pekko's
 * {@code DeleteRevisionException}) and leaves a tombstone at revision {@code n}: {@code getObject}
 * then returns an empty value with revision {@code n}, and the next upsert is {@code n + 1}.
 * Revision 0, and the deprecated {@code deleteObject(id)}, remove the state outright; the id then
 * starts again at revision 1.
 *
 * <p>Obtain it with {@code DurableStateStoreRegistry.get(system).getDurableStateStoreFor(
 * RedisDurableStateStore.class, RedisPersistence.STATE_PLUGIN_ID)}.
 */
public final class RedisDurableStateStore<A> implements DurableStateUpdateStore<A> {
  private final Payloads payloads;
  private final StateCommands commands;

  RedisDurableStateStore(Payloads payloads, StateCommands commands) {
    this.payloads = payloads;
    this.commands = commands;
  }

  @Override
  public CompletionStage<GetObjectResult<A>> getObject(String persistenceId) {
    return commands.get(persistenceId);
  }

  @Override
  public CompletionStage<Done> upsertObject(String persistenceId, long revision, A value,
      String tag) {
    if (value == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "value of durable state '" + persistenceId + "' must not be null; use deleteObject"));
    }
    try {
      return commands.write(persistenceId, revision, payloads.encode(value),
              tag == null ? "" : tag)
          .thenApply(v -> Done.getInstance());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Done> deleteObject(String persistenceId, long revision) {
    if (revision == 0) {
      return commands.purge(persistenceId).thenApply(v -> Done.getInstance());
    }
    try {
      return commands.write(persistenceId, revision, null, "")
          .thenApply(v -> Done.getInstance());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Removes the state whatever its revision. */
  @Override
  @Deprecated
  public CompletionStage<Done> deleteObject(String persistenceId) {
    return commands.purge(persistenceId).thenApply(v -> Done.getInstance());
  }
}
