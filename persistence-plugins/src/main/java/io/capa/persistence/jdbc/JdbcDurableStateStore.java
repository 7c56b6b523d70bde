package io.capa.persistence.jdbc;

import io.capa.persistence.jdbc.internal.BatchWriter;
import io.capa.persistence.jdbc.internal.PayloadCodec;
import io.capa.persistence.jdbc.internal.StateQueries;
import io.capa.persistence.jdbc.internal.StateWrite;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.persistence.state.javadsl.DurableStateUpdateStore;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;

/**
 * The JDBC durable state store, plugin id {@code capa.persistence.jdbc.state}.
 *
 * <p>Revisions are optimistic locks. {@code upsertObject(id, n, ...)} succeeds only when the
 * stored revision is {@code n - 1} (no state counts as 0), else it fails with a
 * {@link RevisionConflictException}. {@code deleteObject(id, n)} follows the same rule, as
 * DurableStateBehavior calls it with the next revision: it leaves a tombstone at revision
 * {@code n}, so {@code getObject} then returns an empty value with revision {@code n}, and the
 * next upsert is {@code n + 1}. Revision 0, and the deprecated {@code deleteObject(id)}, remove
 * the row outright; the id then starts again at revision 1. Upserts of all persistence ids are
 * batched into shared transactions.
 *
 * <p>Obtain it with {@code DurableStateStoreRegistry.get(system).getDurableStateStoreFor(
 * JdbcDurableStateStore.class, "capa.persistence.jdbc.state")}.
 */
public final class JdbcDurableStateStore<A> implements DurableStateUpdateStore<A> {
  private final PayloadCodec codec;
  private final BatchWriter<StateWrite> writer;
  private final StateQueries queries;

  JdbcDurableStateStore(PayloadCodec codec, BatchWriter<StateWrite> writer,
      StateQueries queries) {
    this.codec = codec;
    this.writer = writer;
    this.queries = queries;
  }

  @Override
  public CompletionStage<GetObjectResult<A>> getObject(String persistenceId) {
    return queries.get(persistenceId);
  }

  @Override
  public CompletionStage<Done> upsertObject(String persistenceId, long revision, A value,
      String tag) {
    if (value == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "value of durable state '" + persistenceId + "' must not be null; use deleteObject"));
    }
    try {
      return write(new StateWrite(persistenceId, revision, codec.encode(value),
          tag == null || tag.isEmpty() ? null : tag, System.currentTimeMillis()));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Done> deleteObject(String persistenceId, long revision) {
    if (revision == 0) {
      return queries.purge(persistenceId).thenApply(v -> Done.getInstance());
    }
    try {
      return write(new StateWrite(persistenceId, revision, null, null,
          System.currentTimeMillis()));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Removes the state whatever its revision. */
  @Override
  @Deprecated
  public CompletionStage<Done> deleteObject(String persistenceId) {
    return queries.purge(persistenceId).thenApply(v -> Done.getInstance());
  }

  /** Counters of the batching writer shared by every state store of this pool and table. */
  public WriterStats writerStats() {
    return writer.stats();
  }

  private CompletionStage<Done> write(StateWrite w) {
    return writer.submit(List.of(w)).get(0).thenApply(v -> Done.getInstance());
  }
}
