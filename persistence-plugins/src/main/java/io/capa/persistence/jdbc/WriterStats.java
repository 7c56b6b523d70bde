package io.capa.persistence.jdbc;

/**
 * Counters of one batching writer (journal or durable state) of one connection pool.
 *
 * @param transactions committed transactions, combined batches and individual retries alike
 * @param units writes completed successfully (AtomicWrites for the journal, upserts for state)
 * @param rows rows written successfully
 * @param retriedBatches combined batches that failed and were retried one write at a time
 */
public record WriterStats(long transactions, long units, long rows, long retriedBatches) {
  public WriterStats {
    if (transactions < 0 || units < 0 || rows < 0 || retriedBatches < 0) {
      throw new IllegalArgumentException("counters must not be negative");
    }
  }

  /** Rows per transaction on average, 0 when nothing was written. */
  public double rowsPerTransaction() {
    return transactions == 0 ? 0 : (double) rows / transactions;
  }
}
