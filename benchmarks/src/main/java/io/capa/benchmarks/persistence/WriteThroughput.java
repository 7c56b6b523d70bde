package io.capa.benchmarks.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.ClosedLoop;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Rounds;
import io.capa.benchmarks.internal.Table;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Await;

/**
 * Journal write throughput with batching: many writers, each with one single-event write in
 * flight through {@code Persistence.journalFor(pluginId)} (what a persistent actor does per
 * turn), against the bare driver writing the same rows in the same run. Rounds alternate plugin
 * and raw; the result is the median of each and their ratio (the product goal is plugin/raw ≥
 * 0.8).
 *
 * <p>The raw side batches like the plugin did: by default each raw transaction carries as many
 * rows as the plugin's preceding round averaged per transaction ({@code WriterStats}), on as many
 * connections as the plugin has writer threads.
 *
 * <p>Options: {@code --backend h2|postgres|mariadb --writers 1000 --payload 100 --warmup 10s
 * --round 5s --rounds 3 --raw-batch 0} (0 = the plugin's average), {@code --config '<HOCON>'}
 * (plugin settings on top, e.g. {@code capa.persistence.jdbc.connection.batch.writer-threads=4}),
 * and {@code --url --user --password}.
 */
public final class WriteThroughput {
  private WriteThroughput() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    Backend backend = Backend.parse(a.string("backend", "h2"));
    int writers = a.integer("writers", 1000);
    int payloadBytes = a.integer("payload", 100);
    Duration warmup = a.duration("warmup", "10s");
    Duration round = a.duration("round", "5s");
    int rounds = a.integer("rounds", 3);
    int fixedRawBatch = a.integer("raw-batch", 0);
    Config extra = ConfigFactory.parseString(a.string("config", ""));
    Machine.printHeader(
        "journal write throughput, " + writers + " writers, one " + payloadBytes + "-byte event per write, backend " + backend.id());

    byte[] payload = new byte[payloadBytes];
    new java.util.Random(42).nextBytes(payload);
    String writerUuid = UUID.randomUUID().toString();
    try (Store store = backend.open(Backend.newTag(), a)) {
      System.out.println("# " + store.describe());
      if (!extra.isEmpty()) {
        System.out.println("# settings: " + extra.root().render(com.typesafe.config.ConfigRenderOptions.concise()));
      }
      ActorSystem system = ActorSystem.create("write-throughput", Settings.system(extra, store));
      try {
        run(system, store, writers, payload, writerUuid, warmup, round, rounds, fixedRawBatch);
      } finally {
        Await.result(system.terminate(), scala.concurrent.duration.Duration.create(30, "s"));
      }
    }
  }

  private static void run(ActorSystem system, Store store, int writers, byte[] payload, String writerUuid, Duration warmup, Duration round, int rounds, int fixedRawBatch)
      throws InterruptedException {
    int serializerId = SerializationExtension.get(system).findSerializerFor(payload).identifier();
    JournalWriters plugin = new JournalWriters(system, store.journalPluginId(), "w-", writers, payload, writerUuid);
    Table t = new Table("rounds (closed loop; plugin: one write in flight per writer)", "round", "contender", "events/s", "rows/tx", "p50 ms", "p99 ms", "failures");
    Rounds r = new Rounds();
    try (Store.RawJournal raw = store.openRaw(system, new Store.RawRows(writers, payload, serializerId, writerUuid))) {
      String rawDescription = "";
      boolean batched = false;
      for (int i = 0; i <= rounds; i++) {
        Duration w = i == 0 ? warmup : Duration.ofSeconds(1);
        Object label = i == 0 ? "warm-up" : i;

        Optional<Store.Batching> before = store.batching(system);
        ClosedLoop.Result p = new ClosedLoop(writers, plugin::write).run("plugin", w, round);
        // No figures before the journal actor has created its writer: nothing written yet.
        Optional<Store.Batching> during = store.batching(system).map(after -> after.minus(before.orElse(Store.Batching.NONE)));
        double perTx = during.map(Store.Batching::rowsPerTransaction).orElse(0.0);
        check(p, "plugin");
        t.row(label, "plugin", p.perSecond(), during.isPresent() ? perTx : "-", p50(p), p99(p), p.failures());

        int batch = fixedRawBatch > 0 ? fixedRawBatch : (int) Math.max(1, Math.round(perTx));
        Store.RawLoad load = raw.load(batch);
        rawDescription = load.description();
        ClosedLoop.Result q = new ClosedLoop(load.callers(), load.call()).run("raw", w, round);
        check(q, "raw");
        double rawEvents = q.perSecond() * load.eventsPerCall();
        t.row(label, "raw", rawEvents, load.eventsPerCall() > 1 ? (double) load.eventsPerCall() : "-", p50(q), p99(q), q.failures());

        batched = during.isPresent();
        if (i > 0) {
          r.add("plugin", p.perSecond());
          r.add("raw", rawEvents);
          r.add("ratio", p.perSecond() / rawEvents);
          r.add("rows/tx", perTx);
        }
      }
      t.print();
      double ratio = r.median("plugin") / r.median("raw");
      new Table("result (median of " + rounds + " rounds)", "contender", "events/s", "note")
          .row("plugin " + store.journalPluginId(), r.median("plugin"), batched ? String.format(java.util.Locale.ROOT, "%.0f rows per transaction", r.median("rows/tx")) : "one command per write")
          .row("raw driver", r.median("raw"), rawDescription + " (last round)")
          .row("ratio plugin/raw (medians)", ratio, ratio >= 0.8 ? "goal >= 0.8 met" : "goal >= 0.8 NOT met")
          .row("ratio plugin/raw (median of per-round ratios)", r.median("ratio"), "")
          .print();
      System.out.println("# load at end: " + Machine.loadAverage());
    }
  }

  private static void check(ClosedLoop.Result res, String who) {
    if (res.calls() == 0 && res.error() != null) {
      throw new IllegalStateException(who + " failed every write", res.error());
    }
    if (res.error() != null) {
      System.err.println(who + ": " + res.failures() + " failed writes, first: " + res.error());
    }
  }

  private static String p50(ClosedLoop.Result r) {
    return Table.ms(r.latencyMicros().getValueAtPercentile(50));
  }

  private static String p99(ClosedLoop.Result r) {
    return Table.ms(r.latencyMicros().getValueAtPercentile(99));
  }
}
