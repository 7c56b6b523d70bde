package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.DatabaseService;
import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.ExecResult;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.DatabaseConvert;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * INTERNAL API: the database block over {@code Runtime.query/exec/begin}. A transaction is the
 * runtime's {@code Transaction} capability: statements go to it in order, and if the application
 * drops it (or the connection ends) before commit, the runtime rolls it back.
 */
final class RpcDatabaseService implements DatabaseService {
  private final RuntimeLink link;

  RpcDatabaseService(RuntimeLink link) {
    this.link = link;
  }

  @Override
  public CompletionStage<QueryResult> query(String database, SqlStatement statement) {
    Objects.requireNonNull(statement, "statement");
    return link.call("query " + database, link.settings().callTimeout(),
        rt -> {
          var p = rt.query(b -> {
            b.setDatabase(database);
            DatabaseConvert.statement(statement, b.initStatement());
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> DatabaseConvert.result(r.getResult()));
  }

  @Override
  public CompletionStage<ExecResult> exec(String database, SqlStatement statement) {
    Objects.requireNonNull(statement, "statement");
    return link.call("exec " + database, link.settings().callTimeout(),
        rt -> {
          var p = rt.exec(b -> {
            b.setDatabase(database);
            DatabaseConvert.statement(statement, b.initStatement());
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> new ExecResult(r.getRowsAffected()));
  }

  @Override
  public CompletionStage<DatabaseTransaction> begin(String database, TransactionOptions options) {
    TransactionOptions o = Objects.requireNonNullElse(options, TransactionOptions.DEFAULT);
    return link.call("begin a transaction on " + database, link.settings().callTimeout(),
        rt -> {
          var p = rt.begin(b -> {
            b.setDatabase(database);
            DatabaseConvert.options(o, b.initOptions());
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> new Tx(link, r.getTransaction().dup(), r.getId()));
  }

  private static final class Tx implements DatabaseTransaction {
    private final RuntimeLink link;
    private final RuntimeProtocol.Transaction.Client cap;
    private final String id;
    private final AtomicBoolean ended = new AtomicBoolean();

    Tx(RuntimeLink link, RuntimeProtocol.Transaction.Client cap, String id) {
      this.link = link;
      this.cap = cap;
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    private CapaException ended() {
      return new CapaException(ErrorCode.TRANSACTION_NOT_FOUND, "transaction " + id + " has ended");
    }

    @Override
    public CompletionStage<QueryResult> query(SqlStatement statement) {
      Objects.requireNonNull(statement, "statement");
      if (ended.get()) {
        return CompletableFuture.failedFuture(ended());
      }
      var p = cap.query(b -> DatabaseConvert.statement(statement, b.initStatement()));
      return link.finish("query in transaction " + id, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> DatabaseConvert.result(r.getResult()));
    }

    @Override
    public CompletionStage<ExecResult> exec(SqlStatement statement) {
      Objects.requireNonNull(statement, "statement");
      if (ended.get()) {
        return CompletableFuture.failedFuture(ended());
      }
      var p = cap.exec(b -> DatabaseConvert.statement(statement, b.initStatement()));
      return link.finish("exec in transaction " + id, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> new ExecResult(r.getRowsAffected()));
    }

    @Override
    public CompletionStage<Void> commit() {
      if (!ended.compareAndSet(false, true)) {
        return CompletableFuture.failedFuture(ended());
      }
      var p = cap.commit(b -> {});
      return link.finish("commit transaction " + id, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> (Void) null).whenComplete((v, e) -> cap.close());
    }

    @Override
    public CompletionStage<Void> rollback() {
      if (!ended.compareAndSet(false, true)) {
        return CompletableFuture.completedFuture(null);
      }
      var p = cap.rollback(b -> {});
      return link.finish("roll back transaction " + id, link.settings().callTimeout(),
          new RuntimeLink.Pending<>(p.result(), p::cancel), r -> (Void) null).whenComplete((v, e) -> cap.close());
    }
  }
}
