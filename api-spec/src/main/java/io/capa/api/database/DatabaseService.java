package io.capa.api.database;

import java.util.concurrent.CompletionStage;

/**
 * SQL databases configured as named components. Outside a transaction each statement commits on its
 * own. Fails with {@link io.capa.api.CapaException}: {@code ERR_COMPONENT_NOT_FOUND} for an unknown
 * database, {@code ERR_COMPONENT_FAILED} with the database's message when a statement fails.
 */
public interface DatabaseService {
  CompletionStage<QueryResult> query(String database, SqlStatement statement);

  CompletionStage<ExecResult> exec(String database, SqlStatement statement);

  CompletionStage<DatabaseTransaction> begin(String database, TransactionOptions options);

  default CompletionStage<DatabaseTransaction> begin(String database) {
    return begin(database, TransactionOptions.DEFAULT);
  }
}
