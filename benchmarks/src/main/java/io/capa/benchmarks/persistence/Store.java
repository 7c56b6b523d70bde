package io.capa.benchmarks.persistence;

import com.typesafe.config.Config;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;
import org.apache.pekko.actor.ActorSystem;

/**
 * One backend opened for one benchmark run: the plugin configuration, the raw client doing the
 * same writes without the plugin, and the clean-up of everything the run wrote.
 */
interface Store extends AutoCloseable {

  /** One line for the output header: where the data goes. */
  String describe();

  /** Plugin settings for the ActorSystem: journal and snapshot plugins, connection, names. */
  Config pluginConfig();

  String journalPluginId();

  String snapshotPluginId();

  /** What the plugin's writer has done so far, if it reports it (JDBC: WriterStats). */
  Optional<Batching> batching(ActorSystem system);

  /**
   * Opens the raw client: the same rows (or keys) the journal writes, written with the bare
   * driver. {@code system} is the plugin's, for settings such as the writer thread count.
   */
  RawJournal openRaw(ActorSystem system, RawRows rows);

  /** Drops the run's tables or keys. Called after the ActorSystem has terminated. */
  @Override
  void close();

  /** Transactions and rows written by the plugin's batching writer, cumulative. */
  record Batching(long transactions, long rows) {
    static final Batching NONE = new Batching(0, 0);

    Batching minus(Batching earlier) {
      return new Batching(transactions - earlier.transactions, rows - earlier.rows);
    }

    double rowsPerTransaction() {
      return transactions == 0 ? 0 : (double) rows / transactions;
    }
  }

  /** What each raw row holds besides its key: the payload and its serializer, as Pekko stores it. */
  record RawRows(int persistenceIds, byte[] payload, int serializerId, String writerUuid) {}

  /** The raw client of a backend. */
  interface RawJournal extends AutoCloseable {
    /**
     * A closed load writing like the plugin did: {@code pluginBatch} is the rows per transaction
     * the plugin achieved (or the fixed batch asked for), which a batching client reuses.
     */
    RawLoad load(int pluginBatch);

    @Override
    void close();
  }

  /**
   * A closed load: {@code callers} each keep one call in flight, each call writes {@code
   * eventsPerCall} events.
   */
  record RawLoad(String description, int callers, int eventsPerCall, IntFunction<CompletionStage<?>> call) {}
}
