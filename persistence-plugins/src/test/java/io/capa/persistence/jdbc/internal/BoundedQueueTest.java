package io.capa.persistence.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.capa.persistence.jdbc.JdbcWriteException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The write queue is bounded: when the database stalls, writes fail instead of piling up. */
class BoundedQueueTest {

  /** Writes nothing; blocks every batch until released. */
  private static final class StalledOperation implements BatchWriter.Operation<String> {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public int rows(String unit) {
      return 1;
    }

    @Override
    public void write(Connection c, List<String> units) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public Throwable failure(Connection c, String unit, SQLException cause) {
      return cause;
    }
  }

  @Test
  void submit_queueFullWhileDatabaseStalls_failsAfterEnqueueTimeout() throws Exception {
    ConnectionSettings settings = new ConnectionSettings(
        "jdbc:h2:mem:bounded-queue", "sa", "",
        Dialect.H2, "", 4, 0, Duration.ofSeconds(5), true, 10, 1, 1, Duration.ofMillis(200),
        1, 10, 1);
    StalledOperation op = new StalledOperation();
    ExecutorService callbacks = Executors.newSingleThreadExecutor();
    try (HikariDataSource ds = new HikariDataSource()) {
      ds.setJdbcUrl(settings.url());
      ds.setUsername(settings.user());
      try (BatchWriter<String> writer = new BatchWriter<>("stalled", ds, c -> { }, op, callbacks,
          settings)) {
        CompletableFuture<Void> inFlight = writer.submit(List.of("first")).get(0);
        assertThat(op.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> queued = writer.submit(List.of("second")).get(0);

        long start = System.nanoTime();
        CompletableFuture<Void> rejected = writer.submit(List.of("third")).get(0);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(waitedMillis).isGreaterThanOrEqualTo(150);
        assertThat(rejected).isCompletedExceptionally();
        assertThat(rejected).failsWithin(1, TimeUnit.SECONDS)
            .withThrowableOfType(ExecutionException.class).withMessageContaining("stayed full")
            .havingCause().isInstanceOfSatisfying(JdbcWriteException.class, e ->
                assertThat(e.reason()).isEqualTo(JdbcWriteException.Reason.QUEUE_FULL));
        op.release.countDown();
        assertThat(inFlight).succeedsWithin(10, TimeUnit.SECONDS);
        assertThat(queued).succeedsWithin(10, TimeUnit.SECONDS);
        assertThat(writer.stats().units()).isEqualTo(2);
      }
    } finally {
      callbacks.shutdown();
    }
  }
}
