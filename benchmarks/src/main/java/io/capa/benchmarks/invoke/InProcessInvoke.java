package io.capa.benchmarks.invoke;

import io.capa.actors.api.ActorClient;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.BareEcho;
import io.capa.benchmarks.internal.ClosedLoop;
import io.capa.benchmarks.internal.Echo;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.Rounds;
import io.capa.benchmarks.internal.Table;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * In-process actor invocation: {@code ActorClient.invoke} (raw bytes) to {@code Echo.ping} against
 * Pekko's Java {@code EntityRef.ask} to a trivial sharded entity, on the same actor system, the same
 * number of ids and the same closed-loop load, alternating round by round.
 *
 * <p>Options: {@code --callers 64 --ids 1000 --warmup 15s --round 5s --rounds 3 --payload 16}.
 */
public final class InProcessInvoke {
  private InProcessInvoke() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    int callers = a.integer("callers", 64);
    int ids = a.integer("ids", 1000);
    Duration warmup = a.duration("warmup", "15s");
    Duration round = a.duration("round", "5s");
    int rounds = a.integer("rounds", 3);
    byte[] payload = new byte[a.integer("payload", 16)];
    Machine.printHeader("in-process invocation, " + callers + " callers, " + ids + " actor ids");

    // State plays no part in an echo; the in-memory journal keeps disk I/O out of the figures.
    try (ActorRuntime runtime = Nodes.start("inmem", Map.of(), Echo.ACTOR_TYPE)) {
      ActorClient client = runtime.client();
      BareEcho bare = BareEcho.init(runtime.system(), Duration.ofSeconds(30));
      ActorId[] actorIds = new ActorId[ids];
      String[] names = new String[ids];
      for (int i = 0; i < ids; i++) {
        names[i] = "e" + i;
        actorIds[i] = new ActorId(Echo.TYPE, names[i]);
      }
      int[] cursor = new int[callers];
      IntFunction<CompletionStage<?>> capa =
          c -> client.invoke(actorIds[nextId(cursor, c, callers, ids)], "ping", payload);
      IntFunction<CompletionStage<?>> pekko = c -> bare.ping(names[nextId(cursor, c, callers, ids)], payload);

      Table t = new Table("rounds (closed loop, " + callers + " callers)", "round", "contender", "calls/s", "p50 ms", "p99 ms", "max ms", "failures");
      Rounds r = new Rounds();
      for (int i = 0; i <= rounds; i++) {
        // Round 0 is the warm-up of both (activation of every id, JIT); it is not counted.
        Duration w = i == 0 ? warmup : Duration.ofSeconds(1);
        measure(t, r, i, "capa", new ClosedLoop(callers, capa).run("capa", w, round));
        measure(t, r, i, "pekko", new ClosedLoop(callers, pekko).run("pekko", w, round));
      }
      t.print();
      double capaMedian = r.median("capa");
      double pekkoMedian = r.median("pekko");
      new Table("result (median of " + rounds + " rounds)", "contender", "calls/s")
          .row("capa ActorClient.invoke", capaMedian)
          .row("pekko EntityRef.ask (javadsl)", pekkoMedian)
          .row("ratio capa/pekko", capaMedian / pekkoMedian)
          .print();
      System.out.println("# load at end: " + Machine.loadAverage());
    }
  }

  /** Each caller walks the ids from its own offset, so all ids are in use and spread over callers. */
  private static int nextId(int[] cursor, int caller, int callers, int ids) {
    int n = cursor[caller]++;
    return (int) (((long) n * callers + caller) % ids);
  }

  private static void measure(Table t, Rounds r, int round, String who, ClosedLoop.Result res) {
    if (res.error() != null && res.calls() == 0) {
      throw new IllegalStateException(who + " failed every call", res.error());
    }
    if (round > 0) {
      r.add(who, res.perSecond());
    }
    t.row(
        round == 0 ? "warm-up" : round,
        who,
        res.perSecond(),
        Table.ms(res.latencyMicros().getValueAtPercentile(50)),
        Table.ms(res.latencyMicros().getValueAtPercentile(99)),
        Table.ms(res.latencyMicros().getMaxValue()),
        res.failures());
  }
}
