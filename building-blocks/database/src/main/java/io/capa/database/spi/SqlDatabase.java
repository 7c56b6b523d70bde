package io.capa.database.spi;

import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.ExecResult;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import io.capa.components.spi.Component;
import java.util.concurrent.CompletionStage;

/**
 * A database component: one configured database, addressed without its name. Statements outside a
 * transaction commit on their own. A statement the database refuses fails with {@code
 * ERR_INVALID_REQUEST} and the database's message; an unreachable database with {@code
 * ERR_COMPONENT_FAILED}.
 */
public interface SqlDatabase extends Component {

  CompletionStage<QueryResult> query(SqlStatement statement);

  CompletionStage<ExecResult> exec(SqlStatement statement);

  /**
   * Opens a transaction on a connection of its own. A transaction left without a statement for
   * longer than its idle timeout is rolled back and its connection returned; calls on it then fail
   * with {@code ERR_TRANSACTION_NOT_FOUND}.
   */
  CompletionStage<DatabaseTransaction> begin(TransactionOptions options);

  /** How many transactions are open now. */
  int openTransactions();
}
