package io.capa.benchmarks.activation;

import io.capa.actors.api.ActorClient;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.BareCounter;
import io.capa.benchmarks.internal.Echo;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.OpenLoop;
import io.capa.benchmarks.internal.Rounds;
import io.capa.benchmarks.internal.Table;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Activation latency: every call goes to an actor id never used before, at a steady rate by the
 * clock (open loop), on the embedded H2 backend in a fresh directory. Each activation therefore
 * starts an entity and runs its (empty) recovery against the journal and snapshot store before the
 * first turn. The peer is a Pekko {@code EventSourcedBehavior} on the same sharding and the same H2
 * database, asked on new ids at the same rate; the two alternate round by round.
 *
 * <p>Options: {@code --rate 500 --round 10s --rounds 3 --warmup 10s}.
 */
public final class ActivationLatency {
  private ActivationLatency() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    int rate = a.integer("rate", 500);
    Duration round = a.duration("round", "10s");
    int rounds = a.integer("rounds", 3);
    Duration warmup = a.duration("warmup", "10s");
    Machine.printHeader("activation latency, " + rate + " new actors/s, H2");

    try (ActorRuntime runtime = Nodes.start("h2", Map.of(), Echo.ACTOR_TYPE)) {
      ActorClient client = runtime.client();
      BareCounter.Client bare = BareCounter.init(runtime.system(), 100, Duration.ofSeconds(30));
      byte[] payload = new byte[16];
      OpenLoop capa = new OpenLoop(rate, n -> client.invoke(new ActorId(Echo.TYPE, "act-" + n), "ping", payload));
      OpenLoop pekko = new OpenLoop(rate, n -> bare.add("act-" + n, 0));

      Table t = new Table("rounds (open loop, " + rate + "/s, each call to a new id)", "round", "contender", "activations", "p50 ms", "p90 ms", "p99 ms", "max ms", "failures", "max send delay ms");
      Rounds p99 = new Rounds();
      Rounds p50 = new Rounds();
      Histogram capaAll = new Histogram(3);
      Histogram pekkoAll = new Histogram(3);
      long seq = 0;
      for (int i = 0; i <= rounds; i++) {
        Duration d = i == 0 ? warmup : round;
        for (String who : new String[] {"capa", "pekko"}) {
          OpenLoop.Result r = (who.equals("capa") ? capa : pekko).run(who, seq, d);
          seq += r.sent();
          Histogram h = r.latencyMicros();
          if (i > 0) {
            p99.add(who, h.getValueAtPercentile(99));
            p50.add(who, h.getValueAtPercentile(50));
            (who.equals("capa") ? capaAll : pekkoAll).add(h);
          }
          t.row(
              i == 0 ? "warm-up" : i,
              who,
              r.sent(),
              Table.ms(h.getValueAtPercentile(50)),
              Table.ms(h.getValueAtPercentile(90)),
              Table.ms(h.getValueAtPercentile(99)),
              Table.ms(h.getMaxValue()),
              r.failures() + r.unanswered(),
              Table.ms(r.maxSendDelayMicros()));
        }
      }
      t.print();
      new Table("result (median of " + rounds + " rounds; max over all)", "contender", "p50 ms", "p99 ms", "max ms")
          .row("capa (Echo.ping on a new id)", Table.ms((long) p50.median("capa")), Table.ms((long) p99.median("capa")), Table.ms(capaAll.getMaxValue()))
          .row("pekko EventSourcedBehavior", Table.ms((long) p50.median("pekko")), Table.ms((long) p99.median("pekko")), Table.ms(pekkoAll.getMaxValue()))
          .row("ratio capa/pekko (p99)", "", p99.median("capa") / p99.median("pekko"), "")
          .print();
      System.out.println("# load at end: " + Machine.loadAverage());
    }
  }
}
