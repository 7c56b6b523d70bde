package io.capa.sidecar.memory;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.DatabaseService;
import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.ExecResult;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A database that runs no SQL, for tests of what carries the database API: a query answers one
 * row holding its parameters (columns p1, p2, ...), an exec affects as many rows as it has
 * parameters, the statement {@code fail} fails with {@code ERR_COMPONENT_FAILED}. Transactions are
 * kept by id with what was executed in them and how they ended. Only database "db" exists.
 */
public final class MemoryDatabase implements DatabaseService {
  public enum End { OPEN, COMMITTED, ROLLED_BACK }

  public final Map<String, Tx> transactions = new ConcurrentHashMap<>();

  private static CompletionStage<QueryResult> run(String database, SqlStatement s) {
    if (!database.equals("db")) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no database '" + database + "'"));
    }
    if (s.sql().equals("fail")) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED, "syntax error at 'fail'"));
    }
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= s.parameters().size(); i++) {
      columns.add("p" + i);
    }
    return CompletableFuture.completedFuture(new QueryResult(columns, List.of(s.parameters())));
  }

  @Override
  public CompletionStage<QueryResult> query(String database, SqlStatement statement) {
    return run(database, statement);
  }

  @Override
  public CompletionStage<ExecResult> exec(String database, SqlStatement statement) {
    return run(database, statement).thenApply(r -> new ExecResult(statement.parameters().size()));
  }

  @Override
  public CompletionStage<DatabaseTransaction> begin(String database, TransactionOptions options) {
    if (!database.equals("db")) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no database '" + database + "'"));
    }
    Tx tx = new Tx(UUID.randomUUID().toString(), options);
    transactions.put(tx.id(), tx);
    return CompletableFuture.completedFuture(tx);
  }

  public final class Tx implements DatabaseTransaction {
    private final String id;
    public final TransactionOptions options;
    public final List<String> executed = new CopyOnWriteArrayList<>();
    public volatile End end = End.OPEN;

    Tx(String id, TransactionOptions options) {
      this.id = id;
      this.options = options;
    }

    @Override
    public String id() {
      return id;
    }

    private synchronized <T> CompletionStage<T> open(java.util.function.Supplier<CompletionStage<T>> body) {
      if (end != End.OPEN) {
        return CompletableFuture.failedFuture(new CapaException(ErrorCode.TRANSACTION_NOT_FOUND, "transaction " + id + " has ended"));
      }
      return body.get();
    }

    @Override
    public CompletionStage<QueryResult> query(SqlStatement statement) {
      return open(() -> {
        executed.add(statement.sql());
        return run("db", statement);
      });
    }

    @Override
    public CompletionStage<ExecResult> exec(SqlStatement statement) {
      return open(() -> {
        executed.add(statement.sql());
        return MemoryDatabase.this.exec("db", statement);
      });
    }

    @Override
    public synchronized CompletionStage<Void> commit() {
      return open(() -> {
        end = End.COMMITTED;
        return CompletableFuture.completedFuture(null);
      });
    }

    @Override
    public synchronized CompletionStage<Void> rollback() {
      if (end == End.OPEN) {
        end = End.ROLLED_BACK;
      }
      return CompletableFuture.completedFuture(null);
    }
  }
}
