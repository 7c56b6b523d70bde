package io.capa.database.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.ExecResult;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * INTERNAL API. One transaction on its own connection. Calls run one after another in the order
 * they were made (a chain of stages), so statements never overlap on the connection; the idle
 * clock restarts when a call ends and does not run while one is under way.
 */
final class JdbcTransaction implements DatabaseTransaction {
  private final String id;
  private final Connection connection;
  private final long idleNanos;
  private final JdbcDatabase database;
  private final Executor blocking;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
  private int running;
  private long lastUsed = System.nanoTime();
  private boolean ended;
  private String endedHow = "";

  JdbcTransaction(String id, Connection connection, Duration idle, JdbcDatabase database, Executor blocking) {
    this.id = id;
    this.connection = connection;
    this.idleNanos = idle.toNanos();
    this.database = database;
    this.blocking = blocking;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletionStage<QueryResult> query(SqlStatement statement) {
    return run(c -> database.query(c, statement), false);
  }

  @Override
  public CompletionStage<ExecResult> exec(SqlStatement statement) {
    return run(c -> database.exec(c, statement), false);
  }

  @Override
  public CompletionStage<Void> commit() {
    return run(c -> {
      c.commit();
      return null;
    }, true).thenApply(v -> (Void) null);
  }

  @Override
  public CompletionStage<Void> rollback() {
    synchronized (this) {
      if (ended) {
        return CompletableFuture.completedFuture(null);
      }
    }
    return run(c -> {
      c.rollback();
      return null;
    }, true).handle((v, e) -> {
      if (e != null && !(unwrap(e) instanceof CapaException c && c.errorCode() == ErrorCode.TRANSACTION_NOT_FOUND)) {
        throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
      }
      return (Void) null;
    });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private <T> CompletionStage<T> run(JdbcDatabase.Work<T> work, boolean ends) {
    CompletableFuture<T> result;
    synchronized (this) {
      if (ended) {
        return CompletableFuture.failedFuture(notFound());
      }
      running++;
      result = tail.handleAsync((x, y) -> step(work, ends), blocking);
      tail = result;
      if (ends) {
        ended = true;
        endedHow = "has been committed or rolled back";
      }
    }
    return result;
  }

  private <T> T step(JdbcDatabase.Work<T> work, boolean ends) {
    try {
      synchronized (this) {
        if (endedHow.startsWith("expired")) {
          throw notFound();
        }
      }
      return work.run(connection);
    } catch (SQLException | RuntimeException e) {
      if (ends) {
        rollbackQuietly(); // a failed commit commits nothing
      }
      throw database.failure(e);
    } finally {
      synchronized (this) {
        running--;
        lastUsed = System.nanoTime();
      }
      if (ends) {
        release();
      }
    }
  }

  /** Whether the transaction has gone without a call for longer than its idle timeout. */
  synchronized boolean idleSince(long now) {
    return !ended && running == 0 && now - lastUsed > idleNanos;
  }

  /** Rolls back and returns the connection: the sweeper's end for an abandoned transaction. */
  void expire() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      endedHow = "expired after " + Duration.ofNanos(idleNanos) + " without a statement";
    }
    tail.handleAsync((x, y) -> {
      rollbackQuietly();
      release();
      return null;
    }, blocking);
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The pool checks the connection; rollback on close handles the rest.
    }
  }

  private void release() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // A broken connection: Hikari evicts it on close.
    }
    JdbcDatabase.closeQuietly(connection);
    database.ended(this);
  }

  private CapaException notFound() {
    return new CapaException(ErrorCode.TRANSACTION_NOT_FOUND,
        "transaction " + id + (endedHow.isEmpty() ? " is unknown" : " " + endedHow));
  }
}
