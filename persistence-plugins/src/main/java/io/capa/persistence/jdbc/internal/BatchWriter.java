package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.JdbcWriteException;
import io.capa.persistence.jdbc.WriterStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * INTERNAL API. Coalesces writes from many callers (many persistence ids) into one transaction
 * with one JDBC batch.
 *
 * <pre>
 *  callers ──submit──► [ bounded queue ] ──► writer thread(s): take one entry, then drain
 *                                            whatever else is queued up to max-rows,
 *                                            write all in ONE transaction ──commit──► callbacks
 *                                               │ failed?
 *                                               └─► rollback, retry each unit alone, so only
 *                                                   the culprit fails
 * </pre>
 *
 * There is no timer: an idle writer writes the first entry at once, and under load the entries
 * that arrive while a transaction is in flight form the next batch. Futures are completed on the
 * callback executor so callers' continuations never run on (and never stall) a writer thread.
 */
public final class BatchWriter<T> implements AutoCloseable {

  /** How one kind of unit is written. */
  public interface Operation<T> {
    int rows(T unit);

    /** Writes the units inside the open transaction, throwing if any cannot be written. */
    void write(Connection c, List<T> units) throws SQLException;

    /** The error a caller sees when its unit, written alone, failed; may query through c. */
    Throwable failure(Connection c, T unit, SQLException cause);
  }

  private record Pending<T>(T unit, CompletableFuture<Void> done) {}

  private record Entry<T>(List<Pending<T>> items, int rows) {}

  private final String name;
  private final DataSource dataSource;
  private final Preparation preparation;
  private final Operation<T> operation;
  private final Executor callbacks;
  private final int maxRows;
  private final Duration enqueueTimeout;
  private final BlockingQueue<Entry<T>> queue;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private final LongAdder transactions = new LongAdder();
  private final LongAdder units = new LongAdder();
  private final LongAdder rowsWritten = new LongAdder();
  private final LongAdder retriedBatches = new LongAdder();

  /** Runs on each connection before a batch, e.g. to create tables not created yet. */
  @FunctionalInterface
  public interface Preparation {
    void prepare(Connection c) throws SQLException;
  }

  public BatchWriter(String name, DataSource dataSource, Preparation preparation,
      Operation<T> operation, Executor callbacks, ConnectionSettings settings) {
    this.name = name;
    this.dataSource = dataSource;
    this.preparation = preparation;
    this.operation = operation;
    this.callbacks = callbacks;
    this.maxRows = settings.maxBatchRows();
    this.enqueueTimeout = settings.enqueueTimeout();
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    for (int i = 0; i < settings.writerThreads(); i++) {
      Thread t = new Thread(this::run, "capa-jdbc-" + name + "-writer-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * Queues the units as one entry, so they land in the same transaction, in order. Blocks for at
   * most enqueue-timeout when the queue is full, then fails the units: memory stays bounded.
   */
  public List<CompletableFuture<Void>> submit(List<T> batch) {
    List<Pending<T>> items = new ArrayList<>(batch.size());
    List<CompletableFuture<Void>> futures = new ArrayList<>(batch.size());
    int rows = 0;
    for (T unit : batch) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      items.add(new Pending<>(unit, f));
      futures.add(f);
      rows += operation.rows(unit);
    }
    Entry<T> entry = new Entry<>(items, rows);
    boolean accepted = false;
    try {
      accepted = running && queue.offer(entry, enqueueTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!accepted) {
      JdbcWriteException e = running
          ? new JdbcWriteException(JdbcWriteException.Reason.QUEUE_FULL, "The " + name
              + " write queue stayed full for " + enqueueTimeout
              + ": the database is not keeping up", null)
          : shutDown();
      items.forEach(p -> p.done().completeExceptionally(e));
    } else if (!running) {
      failQueued();
    }
    return futures;
  }

  public WriterStats stats() {
    return new WriterStats(transactions.sum(), units.sum(), rowsWritten.sum(),
        retriedBatches.sum());
  }

  private void run() {
    List<Pending<T>> batch = new ArrayList<>();
    while (running) {
      Entry<T> first;
      try {
        first = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        continue;
      }
      batch.addAll(first.items());
      int rows = first.rows();
      Entry<T> next;
      while (rows < maxRows && (next = queue.poll()) != null) {
        batch.addAll(next.items());
        rows += next.rows();
      }
      try {
        flush(batch);
      } catch (Throwable t) {
        // A dead writer thread would leave every later caller waiting forever: fail this
        // batch and keep going.
        batch.forEach(p -> p.done().completeExceptionally(t));
      }
      batch.clear();
    }
  }

  private void flush(List<Pending<T>> batch) {
    List<Pending<T>> succeeded = new ArrayList<>(batch.size());
    List<Throwable> errors = new ArrayList<>();
    List<Pending<T>> failed = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      preparation.prepare(c);
      c.setAutoCommit(false);
      if (!writeTogether(c, batch, succeeded, failed, errors)) {
        for (Pending<T> p : batch) {
          writeAlone(c, p, succeeded, failed, errors);
        }
      }
    } catch (SQLException | RuntimeException e) {
      // No connection, or it broke: everything not yet committed fails with that cause.
      JdbcWriteException error = new JdbcWriteException(JdbcWriteException.Reason.DATABASE_ERROR,
          "The " + name + " writer lost its connection: " + e.getMessage(), e);
      for (Pending<T> p : batch) {
        if (!succeeded.contains(p) && !failed.contains(p)) {
          failed.add(p);
          errors.add(error);
        }
      }
    }
    complete(succeeded, failed, errors);
  }

  private boolean writeTogether(Connection c, List<Pending<T>> batch, List<Pending<T>> succeeded,
      List<Pending<T>> failed, List<Throwable> errors) throws SQLException {
    try {
      operation.write(c, units(batch));
      c.commit();
      count(batch);
      succeeded.addAll(batch);
      return true;
    } catch (SQLException e) {
      c.rollback();
      if (batch.size() == 1) {
        failed.add(batch.get(0));
        errors.add(operation.failure(c, batch.get(0).unit(), e));
        return true;
      }
      retriedBatches.increment();
      return false;
    }
  }

  private void writeAlone(Connection c, Pending<T> p, List<Pending<T>> succeeded,
      List<Pending<T>> failed, List<Throwable> errors) throws SQLException {
    try {
      operation.write(c, List.of(p.unit()));
      c.commit();
      count(List.of(p));
      succeeded.add(p);
    } catch (SQLException e) {
      c.rollback();
      failed.add(p);
      errors.add(operation.failure(c, p.unit(), e));
    }
  }

  private void count(List<Pending<T>> written) {
    transactions.increment();
    units.add(written.size());
    for (Pending<T> p : written) {
      rowsWritten.add(operation.rows(p.unit()));
    }
  }

  private void complete(List<Pending<T>> succeeded, List<Pending<T>> failed,
      List<Throwable> errors) {
    callbacks.execute(() -> {
      for (Pending<T> p : succeeded) {
        p.done().complete(null);
      }
      for (int i = 0; i < failed.size(); i++) {
        failed.get(i).done().completeExceptionally(errors.get(i));
      }
    });
  }

  private static <T> List<T> units(List<Pending<T>> batch) {
    List<T> out = new ArrayList<>(batch.size());
    for (Pending<T> p : batch) {
      out.add(p.unit());
    }
    return out;
  }

  private JdbcWriteException shutDown() {
    return new JdbcWriteException(JdbcWriteException.Reason.SHUT_DOWN,
        "The " + name + " writer is shut down", null);
  }

  private void failQueued() {
    JdbcWriteException e = shutDown();
    Entry<T> entry;
    while ((entry = queue.poll()) != null) {
      entry.items().forEach(p -> p.done().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    failQueued();
  }
}
