package io.capa.sidecar.internal;

import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.SqlStatement;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol.Transaction;
import io.capa.sidecar.protocol.internal.DatabaseConvert;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: one open database transaction as a capability. The application commits or rolls
 * back through it; when the capability is released first (dropped, or its connection ended) the
 * transaction is rolled back here, so a client that goes away never leaves a connection and its
 * locks held until the idle timeout.
 */
final class TransactionServer extends Transaction.Server {
  private static final Logger log = LoggerFactory.getLogger(TransactionServer.class);

  private final DatabaseTransaction tx;
  private final String target;
  private final Admission admission;
  private final Duration budget;
  private final AtomicBoolean ended = new AtomicBoolean();

  TransactionServer(DatabaseTransaction tx, String target, Admission admission, Duration budget) {
    this.tx = tx;
    this.target = target;
    this.admission = admission;
    this.budget = budget;
  }

  @Override
  protected CompletionStage<?> query(CallContext call, Transaction.QueryParams.Reader params, Supplier<Transaction.QueryResults.Builder> results) {
    SqlStatement s = DatabaseConvert.statement(params.getStatement());
    return admission.admit(target, budget, () -> tx.query(s))
        .thenAccept(r -> DatabaseConvert.result(r, results.get().initResult()));
  }

  @Override
  protected CompletionStage<?> exec(CallContext call, Transaction.ExecParams.Reader params, Supplier<Transaction.ExecResults.Builder> results) {
    SqlStatement s = DatabaseConvert.statement(params.getStatement());
    return admission.admit(target, budget, () -> tx.exec(s))
        .thenAccept(r -> results.get().setRowsAffected(r.rowsAffected()));
  }

  @Override
  protected CompletionStage<?> commit(CallContext call, Transaction.CommitParams.Reader params, Supplier<Transaction.CommitResults.Builder> results) {
    ended.set(true);
    return admission.admit(target, budget, tx::commit);
  }

  @Override
  protected CompletionStage<?> rollback(CallContext call, Transaction.RollbackParams.Reader params, Supplier<Transaction.RollbackResults.Builder> results) {
    ended.set(true);
    return admission.admit(target, budget, tx::rollback);
  }

  @Override
  public CompletionStage<?> dispatch(CallContext call) {
    return Calls.guarded(() -> super.dispatch(call));
  }

  /** Released before commit or rollback: the transaction is rolled back. */
  @Override
  public void released() {
    if (ended.compareAndSet(false, true)) {
      CompletionStage<Void> done;
      try {
        done = tx.rollback();
      } catch (RuntimeException e) {
        done = CompletableFuture.failedFuture(e);
      }
      done.whenComplete((v, e) -> {
        if (e != null) {
          log.warn("rolling back transaction {} of a client that went away failed: {}", tx.id(), e.toString());
        }
      });
    }
  }
}
