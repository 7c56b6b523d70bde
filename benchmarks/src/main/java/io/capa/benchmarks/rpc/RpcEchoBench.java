package io.capa.benchmarks.rpc;

import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Unary echo over loopback TCP, one RPC stack against another in the same JVM and the same run: for
 * every payload size and concurrency, each peer is driven by the same {@link EchoLoad} (closed loop,
 * {@code concurrency} calls in flight on one connection), peer after peer within a round, so a slow
 * phase of the machine hits all of them alike. Prints every round, then the median of each setting.
 *
 * <p>Options: {@code --peers grpc --payloads 64,16384 --concurrency 1,16,256 --warmup 2s
 * --measure 5s --rounds 3}. Every round has its own warm-up, so each peer's connection is warm
 * before its window even when the previous setting was another peer's.
 */
public final class RpcEchoBench {
  private RpcEchoBench() {}

  /**
   * The peers by the name {@code --peers} takes. A new RPC stack joins the comparison by one entry
   * here: a supplier that starts its server and client and returns them as an {@link EchoPeer}.
   */
  static final Map<String, Supplier<EchoPeer>> PEERS = peers();

  private static Map<String, Supplier<EchoPeer>> peers() {
    Map<String, Supplier<EchoPeer>> m = new LinkedHashMap<>();
    m.put("grpc", GrpcEcho::start);
    m.put("capa", CapaEcho::start);
    return m;
  }

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    List<String> names = peerNames(a.string("peers", "grpc"));
    int[] payloads = ints(a.string("payloads", "64,16384"));
    int[] concurrencies = ints(a.string("concurrency", "1,16,256"));
    Duration warmup = a.duration("warmup", "2s");
    Duration measure = a.duration("measure", "5s");
    int rounds = a.integer("rounds", 3);
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
    }
    Machine.printHeader(
        "RPC echo over loopback TCP, closed loop, payloads " + Arrays.toString(payloads) + " B, concurrency "
            + Arrays.toString(concurrencies) + ", warm-up " + warmup.toMillis() + " ms, window " + measure.toMillis()
            + " ms, " + rounds + " round(s)");

    Map<String, EchoPeer> peers = new LinkedHashMap<>();
    try {
      for (String name : names) {
        EchoPeer peer = PEERS.get(name).get();
        peers.put(name, peer);
        System.out.println("# peer " + name + ": " + peer.description());
      }
      System.out.flush();
      Table summary = new Table("median of " + rounds + " round(s)", "peer", "payload", "concurrency", "calls/s", "p50_us", "p99_us");
      Table ratios = names.size() > 1
          ? new Table("calls/s against " + names.get(0) + " (medians)", "peer", "payload", "concurrency", "ratio")
          : null;
      for (int payload : payloads) {
        for (int concurrency : concurrencies) {
          Map<String, List<EchoLoad.EchoResult>> results = new LinkedHashMap<>();
          for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, EchoPeer> p : peers.entrySet()) {
              EchoLoad.EchoResult r = EchoLoad.run(p.getValue().client(), payload, concurrency, warmup, measure);
              results.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(r);
              System.out.println(roundLine(round, p.getKey(), payload, concurrency, r));
              System.out.flush();
            }
          }
          double base = 0;
          for (Map.Entry<String, List<EchoLoad.EchoResult>> e : results.entrySet()) {
            EchoLoad.EchoResult m = EchoLoad.median(e.getValue());
            summary.row(e.getKey(), payload, concurrency, m.callsPerSecond(), micros(m.p50Micros()), micros(m.p99Micros()));
            if (ratios != null) {
              if (base == 0) {
                base = m.callsPerSecond();
              } else {
                ratios.row(e.getKey(), payload, concurrency, m.callsPerSecond() / base);
              }
            }
          }
        }
      }
      summary.print();
      if (ratios != null) {
        ratios.print();
      }
      System.out.println("# load at end: " + Machine.loadAverage());
    } finally {
      for (EchoPeer p : peers.values()) {
        p.close();
      }
    }
  }

  static String roundLine(int round, String peer, int payload, int concurrency, EchoLoad.EchoResult r) {
    return String.format(
        Locale.ROOT,
        "round %d %-6s payload=%-6d concurrency=%-4d calls=%-9d calls/s=%-10.0f p50_us=%-8.1f p99_us=%-8.1f max_us=%.1f",
        round, peer, payload, concurrency, r.calls(), r.callsPerSecond(), r.p50Micros(), r.p99Micros(), r.maxMicros());
  }

  /** The peers named by {@code --peers}, in that order; an unknown name lists the known ones. */
  static List<String> peerNames(String list) {
    List<String> names = new ArrayList<>();
    for (String n : list.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!PEERS.containsKey(name)) {
        throw new IllegalArgumentException("unknown peer '" + name + "'; known: " + String.join(",", PEERS.keySet()));
      }
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--peers names no peer; known: " + String.join(",", PEERS.keySet()));
    }
    return names;
  }

  static int[] ints(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
  }

  private static String micros(double us) {
    return String.format(Locale.ROOT, "%.1f", us);
  }
}
