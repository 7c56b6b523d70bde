package io.capa.benchmarks.state;

import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.ClosedLoop;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State get and save latency through the runtime against the bare driver, in the same run. For
 * one backend ({@code redis} or {@code postgres}) the contenders are:
 *
 * <ul>
 *   <li>{@code http}: the runtime's HTTP API ({@code GET /v1.0/state/{store}/{key}}, {@code POST
 *       /v1.0/state/{store}}) on {@code RuntimeServers} with {@code StateHttp}, over loopback;
 *   <li>{@code service}: {@code ComponentStateService} called in-process (what the HTTP route
 *       calls), to split the HTTP cost from the store's;
 *   <li>{@code sidecar}: an application's SDK in sidecar mode over {@code runtime.capnp} to a
 *       sidecar endpoint in this JVM that serves the same service (see {@link Contenders#sidecar});
 *   <li>{@code lettuce} or {@code jdbc}: the driver alone, the peer: Lettuce async {@code
 *       HGET}/{@code HSET} on one connection, or JDBC {@code SELECT}/{@code INSERT ... ON CONFLICT}
 *       on a HikariCP pool of 4 on 4 threads (the store's own pool size).
 * </ul>
 *
 * <p>Rounds alternate contenders; each prints calls/s, p50 and p99 per operation, and the ratio of
 * each contender's median p50 to the peer's.
 *
 * <p>Options: {@code --backend redis|postgres --callers 16 --keys 1000 --value 256 --warmup 2s
 * --round 3s --rounds 3 --contenders http,sidecar,service,peer}.
 */
public final class StateBench {
  private StateBench() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    String backend = a.string("backend", "redis");
    int callers = a.integer("callers", 16);
    int keys = a.integer("keys", 1000);
    int valueBytes = a.integer("value", 256);
    Duration warmup = a.duration("warmup", "2s");
    Duration round = a.duration("round", "3s");
    int rounds = a.integer("rounds", 3);
    List<String> wanted = List.of(a.string("contenders", "http,sidecar,service,peer").split(","));
    Machine.printHeader("state get/save, backend " + backend + ", " + callers + " callers, " + keys + " keys, "
        + valueBytes + "-byte values");

    try (Contenders contenders = Contenders.open(backend, keys, valueBytes, wanted)) {
      for (Contender c : contenders.all()) {
        c.fill(); // every key exists before reads are measured
      }
      Map<String, List<ClosedLoop.Result>> results = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        for (Contender c : contenders.all()) {
          for (String op : List.of("get", "save")) {
            ClosedLoop loop = new ClosedLoop(callers, caller -> op.equals("get") ? c.get(caller) : c.save(caller));
            ClosedLoop.Result res = loop.run(c.name() + " " + op, warmup, round);
            results.computeIfAbsent(c.name() + " " + op, k -> new ArrayList<>()).add(res);
            if (res.error() != null) {
              System.err.println(c.name() + " " + op + ": first error: " + res.error());
            }
          }
        }
      }
      print(results, contenders.peerName());
    }
  }

  private static void print(Map<String, List<ClosedLoop.Result>> results, String peer) {
    Table t = new Table("per round: contender and operation, calls/s, p50, p99 (ms), failures",
        "contender", "round", "calls/s", "p50", "p99", "failed");
    Map<String, Double> medianP50 = new LinkedHashMap<>();
    results.forEach((label, list) -> {
      List<Double> p50s = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        ClosedLoop.Result r = list.get(i);
        long p50 = r.latencyMicros().getValueAtPercentile(50);
        p50s.add((double) p50);
        t.row(label, i + 1, Math.round(r.perSecond()), Table.ms(p50), Table.ms(r.latencyMicros().getValueAtPercentile(99)),
            r.failures());
      }
      medianP50.put(label, Table.median(p50s));
    });
    t.print();
    Table ratios = new Table("median p50 against the driver alone (" + peer + ")", "contender", "median p50 ms", "× peer");
    medianP50.forEach((label, p50) -> {
      String op = label.substring(label.lastIndexOf(' ') + 1);
      Double base = medianP50.get(peer + " " + op);
      ratios.row(label, Table.ms(Math.round(p50)), base == null || base == 0 ? "-" : String.format("%.2f", p50 / base));
    });
    ratios.print();
  }
}
