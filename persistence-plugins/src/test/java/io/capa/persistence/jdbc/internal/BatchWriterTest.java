package io.capa.persistence.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.capa.persistence.jdbc.JdbcWriteException;
import io.capa.persistence.jdbc.TestBackend;
import io.capa.persistence.jdbc.WriterStats;
import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.event.NoLogging;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchWriterTest {

  private static Database database(TestBackend backend) {
    ConnectionSettings settings = ConnectionSettings.fromConfig(
        backend.freshConfig("bw_" + backend.name().toLowerCase())
            .withFallback(ConfigFactory.defaultReference())
            .getConfig("capa.persistence.jdbc.connection"));
    return new Database("batch-writer-test", settings, NoLogging.getInstance());
  }

  private static JournalUnit unit(String persistenceId, long... seqs) {
    return new JournalUnit(java.util.Arrays.stream(seqs).mapToObj(seq -> new JournalRow(
        persistenceId, seq, "writer", 1L, "", new Serialized(4, "", new byte[] {(byte) seq}),
        null, null)).toList());
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void submit_duplicateInsideCombinedBatch_failsOnlyTheCulprit(TestBackend backend)
      throws Exception {
    try (Database db = database(backend)) {
      String table = "bw_" + backend.name().toLowerCase() + "_journal";
      db.ensureTable(table, Schema.journal(db.dialect(), table));
      BatchWriter<JournalUnit> writer = db.writer("journal-" + table,
          d -> new JournalInsert(d, table));
      String taken = "taken-" + UUID.randomUUID();
      writer.submit(List.of(unit(taken, 1))).get(0).get(20, TimeUnit.SECONDS);
      WriterStats before = writer.stats();

      String a = "a-" + UUID.randomUUID();
      String b = "b-" + UUID.randomUUID();
      List<CompletableFuture<Void>> results =
          writer.submit(List.of(unit(a, 1), unit(taken, 1), unit(b, 1, 2), unit(b, 3)));

      assertThat(results.get(0)).succeedsWithin(20, TimeUnit.SECONDS);
      assertThat(results.get(2)).succeedsWithin(20, TimeUnit.SECONDS);
      assertThat(results.get(3)).succeedsWithin(20, TimeUnit.SECONDS);
      assertThat(results.get(1)).failsWithin(20, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class)
          .withMessageContaining(taken).withMessageContaining("already taken")
          .havingCause().isInstanceOfSatisfying(JdbcWriteException.class, e ->
              assertThat(e.reason()).isEqualTo(JdbcWriteException.Reason.SEQUENCE_NUMBER_TAKEN));
      WriterStats after = writer.stats();
      assertThat(after.retriedBatches() - before.retriedBatches()).isEqualTo(1);
      assertThat(after.units() - before.units()).isEqualTo(3);
      assertThat(after.rows() - before.rows()).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void submit_afterClose_failsInsteadOfHanging(TestBackend backend) throws Exception {
    Database db = database(backend);
    String table = "bw_" + backend.name().toLowerCase() + "_journal";
    db.ensureTable(table, Schema.journal(db.dialect(), table));
    BatchWriter<JournalUnit> writer = db.writer("journal-" + table,
        d -> new JournalInsert(d, table));
    db.close();
    CompletableFuture<Void> f = writer.submit(List.of(unit("closed-" + UUID.randomUUID(), 1)))
        .get(0);
    assertThat(f).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("shut down");
  }
}
