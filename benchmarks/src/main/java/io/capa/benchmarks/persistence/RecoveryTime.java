package io.capa.benchmarks.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Rounds;
import io.capa.benchmarks.internal.Table;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import scala.concurrent.Await;

/**
 * Recovery time of one persistent actor with many events: a plain {@code EventSourcedBehavior}
 * is seeded with {@code --events} events (persistAll of {@code --per-command} at a time), then
 * fresh incarnations are timed from spawn until they answer their first command. Two persistence
 * ids: one without a snapshot (every event replays) and one with a snapshot at its last event
 * (nothing replays). Incarnations alternate between the two; the first pair is a warm-up.
 *
 * <p>Options: {@code --backend h2|postgres|mariadb --events 100000 --per-command 1000 --payload
 * 100 --runs 5 --config '<HOCON>'} and {@code --url --user --password}.
 */
public final class RecoveryTime {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private RecoveryTime() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    Backend backend = Backend.parse(a.string("backend", "h2"));
    int events = a.integer("events", 100_000);
    int perCommand = a.integer("per-command", 1000);
    int payloadBytes = a.integer("payload", 100);
    int runs = a.integer("runs", 5);
    if (events < 1 || perCommand < 1 || events % perCommand != 0) {
      throw new IllegalArgumentException("--events (" + events + ") must be a positive multiple of --per-command (" + perCommand + ")");
    }
    Config extra = ConfigFactory.parseString(a.string("config", ""));
    Machine.printHeader(
        "recovery time, one actor with " + events + " events of " + payloadBytes + " bytes, backend " + backend.id());
    byte[] event = new byte[payloadBytes];
    new java.util.Random(7).nextBytes(event);

    try (Store store = backend.open(Backend.newTag(), a)) {
      System.out.println("# " + store.describe());
      ActorSystem system = ActorSystem.create("recovery-time", Settings.system(extra, store));
      try {
        run(system, events, perCommand, event, runs);
      } finally {
        Await.result(system.terminate(), scala.concurrent.duration.Duration.create(30, "s"));
      }
    }
  }

  private static void run(ActorSystem system, int events, int perCommand, byte[] event, int runs) throws Exception {
    Scheduler scheduler = Adapter.toTyped(system).scheduler();
    String plain = "recover-plain";
    String snapshotted = "recover-snapshot";

    long s0 = System.nanoTime();
    seed(system, scheduler, plain, 0, events, perCommand, event);
    long s1 = System.nanoTime();
    seed(system, scheduler, snapshotted, events, events, perCommand, event);
    long s2 = System.nanoTime();
    System.out.printf(
        java.util.Locale.ROOT,
        "# seeded %,d events per id: %.1f s without snapshot, %.1f s with the snapshot at %,d%n",
        events, (s1 - s0) / 1e9, (s2 - s1) / 1e9, events);

    Table t = new Table("incarnations (spawn until the first reply)", "run", "persistence id", "snapshot", "ms", "events replayed", "events/s replayed");
    Rounds r = new Rounds();
    int incarnation = 0;
    for (int i = 0; i <= runs; i++) {
      for (String id : new String[] {plain, snapshotted}) {
        long t0 = System.nanoTime();
        ActorRef<EventCounter.Command> ref =
            Adapter.spawn(system, new EventCounter(id, 0, new CompletableFuture<>()), id + "-" + incarnation++);
        EventCounter.Recovered got = ask(ref, EventCounter.Get::new, scheduler);
        long t1 = System.nanoTime();
        ask(ref, EventCounter.Stop::new, scheduler);
        if (got.state() != events) {
          throw new IllegalStateException(id + " recovered state " + got.state() + ", expected " + events);
        }
        boolean snap = id.equals(snapshotted);
        long expectedReplay = snap ? 0 : events;
        if (got.eventsReplayed() != expectedReplay) {
          throw new IllegalStateException(id + " replayed " + got.eventsReplayed() + " events, expected " + expectedReplay);
        }
        double ms = (t1 - t0) / 1e6;
        double rate = got.eventsReplayed() == 0 ? 0 : got.eventsReplayed() / ((t1 - t0) / 1e9);
        t.row(i == 0 ? "warm-up" : i, id, snap ? String.format(java.util.Locale.ROOT, "at %,d", events) : "none", Table.ms((long) (ms * 1000)), got.eventsReplayed(), snap ? "-" : rate);
        if (i > 0) {
          r.add(id, ms);
          if (!snap) {
            r.add("rate", rate);
          }
        }
      }
    }
    t.print();
    new Table("result (median of " + runs + " incarnations each)", "case", "recovery ms", "events replayed", "events/s replayed")
        .row("no snapshot", Table.ms((long) (r.median(plain) * 1000)), (long) events, r.median("rate"))
        .row("snapshot at the last event", Table.ms((long) (r.median(snapshotted) * 1000)), 0L, "-")
        .print();
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  /** Writes the events in persistAll commands of {@code perCommand}, waiting for each. */
  private static void seed(ActorSystem system, Scheduler scheduler, String id, long snapshotAt, int events, int perCommand, byte[] event)
      throws Exception {
    CompletableFuture<Long> snapshot = new CompletableFuture<>();
    ActorRef<EventCounter.Command> ref = Adapter.spawn(system, new EventCounter(id, snapshotAt, snapshot), id + "-seed");
    for (int written = 0; written < events; written += perCommand) {
      RecoveryTime.<Long>ask(ref, replyTo -> new EventCounter.Append(perCommand, event, replyTo), scheduler);
    }
    if (snapshotAt > 0) {
      long at = snapshot.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (at != snapshotAt) {
        throw new IllegalStateException(id + ": snapshot taken at " + at + ", expected " + snapshotAt);
      }
    }
    ask(ref, EventCounter.Stop::new, scheduler);
  }

  private static <R> R ask(
      ActorRef<EventCounter.Command> ref, org.apache.pekko.japi.function.Function<ActorRef<R>, EventCounter.Command> message, Scheduler scheduler)
      throws Exception {
    return AskPattern.ask(ref, message, TIMEOUT, scheduler).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
