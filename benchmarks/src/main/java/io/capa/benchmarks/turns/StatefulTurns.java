package io.capa.benchmarks.turns;

import io.capa.actors.api.ActorClient;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.BareCounter;
import io.capa.benchmarks.internal.ClosedLoop;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.Rounds;
import io.capa.benchmarks.internal.Table;
import io.capa.examples.counter.ExampleActorTypes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * Stateful turns: {@code Counter.increment} on a fixed set of actors, one call in flight per actor,
 * so every actor always has a turn to run and every turn writes one key. The peer is a Pekko {@code
 * EventSourcedBehavior} counter persisting one event per increment through the same journal. Both
 * write to a fresh H2 file or a fresh PostgreSQL schema, dropped at the end.
 *
 * <p>Options: {@code --backend h2|postgres --actors 1000 --warmup 10s --round 5s --rounds 3}.
 */
public final class StatefulTurns {
  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private StatefulTurns() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    String backend = a.string("backend", "h2");
    int actors = a.integer("actors", 1000);
    Duration warmup = a.duration("warmup", "10s");
    Duration round = a.duration("round", "5s");
    int rounds = a.integer("rounds", 3);
    Machine.printHeader("stateful turns, " + actors + " actors, one write per turn, backend " + backend);

    Map<String, Object> settings = new HashMap<>();
    String schema = "bench_" + Long.toString(System.currentTimeMillis(), 36);
    if (backend.equals("postgres")) {
      settings.put("capa.persistence.url", a.string("url", PG_URL));
      settings.put("capa.persistence.user", a.string("user", "postgres"));
      settings.put("capa.persistence.jdbc.connection.schema", schema);
    }
    try (ActorRuntime runtime = Nodes.start(backend, settings, ExampleActorTypes.COUNTER)) {
      ActorClient client = runtime.client();
      BareCounter.Client bare = BareCounter.init(runtime.system(), 100, Duration.ofSeconds(60));
      ActorId[] ids = new ActorId[actors];
      String[] names = new String[actors];
      for (int i = 0; i < actors; i++) {
        names[i] = "c" + i;
        ids[i] = new ActorId("Counter", names[i]);
      }
      byte[] one = "1".getBytes(StandardCharsets.UTF_8);
      IntFunction<CompletionStage<?>> capa = c -> client.invoke(ids[c], "increment", one);
      IntFunction<CompletionStage<?>> pekko = c -> bare.add(names[c], 1);

      Table t = new Table("rounds (closed loop, one call in flight per actor)", "round", "contender", "turns/s", "p50 ms", "p99 ms", "max ms", "failures");
      Rounds r = new Rounds();
      for (int i = 0; i <= rounds; i++) {
        Duration w = i == 0 ? warmup : Duration.ofSeconds(1);
        for (String who : new String[] {"capa", "pekko"}) {
          ClosedLoop.Result res = new ClosedLoop(actors, who.equals("capa") ? capa : pekko).run(who, w, round);
          if (res.calls() == 0 && res.error() != null) {
            throw new IllegalStateException(who + " failed every turn", res.error());
          }
          if (i > 0) {
            r.add(who, res.perSecond());
            r.add(who + "-p99", res.latencyMicros().getValueAtPercentile(99));
          }
          t.row(
              i == 0 ? "warm-up" : i,
              who,
              res.perSecond(),
              Table.ms(res.latencyMicros().getValueAtPercentile(50)),
              Table.ms(res.latencyMicros().getValueAtPercentile(99)),
              Table.ms(res.latencyMicros().getMaxValue()),
              res.failures());
        }
      }
      t.print();
      new Table("result (median of " + rounds + " rounds)", "contender", "turns/s", "p99 ms")
          .row("capa Counter.increment", r.median("capa"), Table.ms((long) r.median("capa-p99")))
          .row("pekko EventSourcedBehavior", r.median("pekko"), Table.ms((long) r.median("pekko-p99")))
          .row("ratio capa/pekko", r.median("capa") / r.median("pekko"), "")
          .print();
      System.out.println("# load at end: " + Machine.loadAverage());
    } finally {
      if (backend.equals("postgres")) {
        dropSchema(a.string("url", PG_URL), a.string("user", "postgres"), schema);
      }
    }
  }

  private static void dropSchema(String url, String user, String schema) {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }
}
