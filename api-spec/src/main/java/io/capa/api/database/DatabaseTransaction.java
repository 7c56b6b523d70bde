package io.capa.api.database;

import java.util.concurrent.CompletionStage;

/**
 * An open transaction on one connection. Statements run in the order they are issued. After {@link
 * #commit()}, {@link #rollback()} or the idle timeout, every call fails with {@code
 * ERR_TRANSACTION_NOT_FOUND}.
 */
public interface DatabaseTransaction {
  /** Names the transaction where a handle cannot travel (an HTTP caller passes it back per request). */
  String id();

  CompletionStage<QueryResult> query(SqlStatement statement);

  CompletionStage<ExecResult> exec(SqlStatement statement);

  /** Fails with {@code ERR_COMPONENT_FAILED} when the database refuses the commit; nothing is committed then. */
  CompletionStage<Void> commit();

  /** Rolling back a transaction that has already ended completes without effect. */
  CompletionStage<Void> rollback();
}
