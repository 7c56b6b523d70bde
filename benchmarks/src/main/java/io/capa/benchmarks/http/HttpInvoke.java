package io.capa.benchmarks.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.ActorRuntime;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.BareCounter;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.Rounds;
import io.capa.benchmarks.internal.Table;
import io.capa.examples.counter.ExampleActorTypes;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Actor invocation over the Dapr-compatible HTTP API: the runtime's server on port 3500 (started as
 * the launcher does, an {@code ActorRuntime} plus {@code RuntimeServers}) serving {@code
 * Counter.get}, against a bare pekko-http server on the same actor system answering the same path
 * from a Pekko entity. Both are driven by {@code wrk} with the same script, alternating rounds.
 * Both contenders and wrk share the machine's cores.
 *
 * <p>Options: {@code --port 3500 --peer-port 3501 --ids 1000 --connections 64 --threads 2 --warmup
 * 40s --round 10s --rounds 3}. The runtime's HTTP path was still speeding up after 10 s of warm-up.
 */
public final class HttpInvoke {
  private HttpInvoke() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    int port = a.integer("port", 3500);
    int peerPort = a.integer("peer-port", 3501);
    int ids = a.integer("ids", 1000);
    int connections = a.integer("connections", 64);
    int threads = a.integer("threads", 2);
    Duration warmup = a.duration("warmup", "40s");
    Duration round = a.duration("round", "10s");
    int rounds = a.integer("rounds", 3);
    Machine.printHeader("HTTP actor invocation, wrk -t" + threads + " -c" + connections + ", " + ids + " actor ids, H2");

    Config config =
        ConfigFactory.parseMap(
                Map.of(
                    "capa.http.port", port,
                    "capa.metrics.port", 0,
                    "capa.cluster.port", 0,
                    "capa.data-dir", Nodes.tempDataDir().toString(),
                    "capa.persistence.backend", "h2"))
            .withFallback(ConfigFactory.load());
    try (ActorRuntime runtime = ActorRuntime.builder().config(config).register(ExampleActorTypes.COUNTER).start()) {
      RuntimeServers servers =
          RuntimeServers.start(runtime.system(), new RuntimeServices(config, runtime.service(), runtime.metrics(), List.of()))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      BareCounter.Client bare = BareCounter.init(runtime.system(), 100, Duration.ofSeconds(30));
      ServerBinding peer = PeerHttpServer.start(runtime.system(), bare, peerPort);
      System.out.println("# capa on port " + servers.httpPort() + ", peer on port " + peer.localAddress().getPort());
      Wrk capaWrk = new Wrk("Counter", "get", ids, threads, connections);

      Table t = new Table("rounds (wrk, POST .../method/get)", "round", "contender", "requests/s", "p50 ms", "p99 ms", "non-2xx", "socket errors");
      Rounds r = new Rounds();
      for (int i = 0; i <= rounds; i++) {
        Duration d = i == 0 ? warmup : round;
        for (String who : new String[] {"capa", "pekko-http"}) {
          Wrk.Result res = capaWrk.run(who.equals("capa") ? servers.httpPort() : peer.localAddress().getPort(), d);
          if (i > 0) {
            r.add(who, res.requestsPerSecond());
            r.add(who + "-p99", res.p99Millis());
          }
          t.row(i == 0 ? "warm-up" : i, who, res.requestsPerSecond(), res.p50Millis(), res.p99Millis(), res.non2xx(), res.socketErrors());
        }
      }
      t.print();
      new Table("result (median of " + rounds + " rounds)", "contender", "requests/s", "p99 ms")
          .row("capa :3500 Counter.get", r.median("capa"), r.median("capa-p99"))
          .row("bare pekko-http + EntityRef.ask", r.median("pekko-http"), r.median("pekko-http-p99"))
          .row("ratio capa/peer", r.median("capa") / r.median("pekko-http"), "")
          .print();
      System.out.println("# load at end: " + Machine.loadAverage());
      peer.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
      servers.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
