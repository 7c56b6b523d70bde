package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.internal.BatchWriter;
import io.capa.persistence.jdbc.internal.Database;
import io.capa.persistence.jdbc.internal.JdbcDatabases;
import io.capa.persistence.jdbc.internal.JournalInsert;
import io.capa.persistence.jdbc.internal.JournalQueries;
import io.capa.persistence.jdbc.internal.JournalRow;
import io.capa.persistence.jdbc.internal.JournalUnit;
import io.capa.persistence.jdbc.internal.PayloadCodec;
import io.capa.persistence.jdbc.internal.ScalaFutures;
import io.capa.persistence.jdbc.internal.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The JDBC event journal, plugin id {@code capa.persistence.jdbc.journal}.
 *
 * <p>Writes from all persistent actors go through one batching writer per connection pool, so
 * 1,000 actors each persisting one event cost a handful of transactions, not 1,000. An
 * AtomicWrite whose payload cannot be serialized is rejected alone; a database failure fails the
 * whole call, as Pekko's journal contract asks. Replay pages on the last sequence number seen,
 * so gaps never end it early, and deleteMessagesTo keeps the highest sequence number.
 */
public final class JdbcJournal extends AsyncWriteJournal {
  private final PayloadCodec codec;
  private final BatchWriter<JournalUnit> writer;
  private final JournalQueries queries;

  public JdbcJournal(Config config, String configPath) {
    Database db = JdbcDatabases.get(context().system()).database(config.getString("connection"));
    String table = db.settings().qualify(config.getString("table"));
    db.ensureTable(table, Schema.journal(db.dialect(), table));
    this.codec = new PayloadCodec(context().system());
    this.writer = db.writer("journal-" + table, dialect -> new JournalInsert(dialect, table));
    this.queries = new JournalQueries(db, table, codec, config.getInt("replay-page-size"));
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    long now = System.currentTimeMillis();
    List<Optional<Exception>> results = new ArrayList<>();
    List<JournalUnit> units = new ArrayList<>();
    for (AtomicWrite write : messages) {
      try {
        units.add(encode(write, now));
        results.add(Optional.empty());
      } catch (Exception e) {
        results.add(Optional.of(e));
      }
    }
    if (units.isEmpty()) {
      return Future.successful(results);
    }
    List<CompletableFuture<Void>> written = writer.submit(units);
    // One AtomicWrite per call is the common case (one persistent actor, one turn).
    CompletableFuture<Void> done = written.size() == 1 ? written.get(0)
        : CompletableFuture.allOf(written.toArray(new CompletableFuture<?>[0]));
    return ScalaFutures.toScala(done.thenApply(v -> results));
  }

  private JournalUnit encode(AtomicWrite write, long now) throws Exception {
    List<JournalRow> rows = new ArrayList<>(write.size());
    for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
      Object payload = repr.payload();
      String tags = null;
      if (payload instanceof Tagged tagged) {
        payload = tagged.payload();
        tags = tagged.tags().isEmpty() ? null
            : String.join(",", CollectionConverters.asJava(tagged.tags()));
      }
      PayloadCodec.Serialized meta =
          repr.metadata().isDefined() ? codec.encode(repr.metadata().get()) : null;
      long timestamp = repr.timestamp() > 0 ? repr.timestamp() : now;
      rows.add(new JournalRow(repr.persistenceId(), repr.sequenceNr(), repr.writerUuid(),
          timestamp, repr.manifest(), codec.encode(payload), meta, tags));
    }
    return new JournalUnit(rows);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return ScalaFutures.toScala(queries.deleteTo(persistenceId, toSequenceNr));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr,
      long toSequenceNr, long max, Consumer<PersistentRepr> replayCallback) {
    return ScalaFutures.toScala(
        queries.replay(persistenceId, fromSequenceNr, toSequenceNr, max, replayCallback));
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return ScalaFutures.toScala(queries.highestSequenceNr(persistenceId));
  }
}
