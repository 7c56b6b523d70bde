package io.capa.benchmarks.rpc;

import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Echo throughput of the Java RPC client against the C++ reference implementation (libcapnp) on
 * the same server: the Java client ({@link CapaEcho#connect}, driven by {@link EchoLoad}) and the
 * C++ client ({@code capnp-conformance bench-echo}, a process of its own) each run a closed loop
 * of {@code concurrency} echo calls on one connection to the same C++ server, setting by setting,
 * interleaved round by round. Two more columns put the Java server in place of the C++ one:
 * Java client against Java server (the library's TCP server in this JVM) and C++ client against
 * Java server.
 *
 * <p>Both loops count calls issued after the warm-up and answered; the C++ client's rate is over
 * its own measured span, the Java one's over the window. Latency figures are the loops' own (the
 * C++ one reports nearest-rank percentiles, the Java one HdrHistogram's).
 *
 * <p>Options: {@code --settings 64:16,64:256,16384:16} (payload bytes:concurrency) {@code
 * --warmup 1s --measure 3s --rounds 3}.
 */
public final class CppCompare {
  private CppCompare() {}

  static final List<String> CLIENTS = List.of("java->c++", "c++->c++", "java->java", "c++->java");

  record Setting(int payload, int concurrency) {
    static List<Setting> parse(String list) {
      List<Setting> out = new ArrayList<>();
      for (String s : list.split(",")) {
        String t = s.trim();
        if (t.isEmpty()) {
          continue;
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("--settings: expected payload:concurrency, got '" + t + "'");
        }
        out.add(new Setting(Integer.parseInt(t.substring(0, colon)), Integer.parseInt(t.substring(colon + 1))));
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("--settings names no setting");
      }
      return out;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    List<Setting> settings = Setting.parse(a.string("settings", "64:16,64:256,16384:16"));
    Duration warmup = a.duration("warmup", "1s");
    Duration measure = a.duration("measure", "3s");
    int rounds = a.integer("rounds", 3);
    if (rounds < 1 || warmup.toMillis() % 1000 != 0 || measure.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException("--rounds must be >= 1, --warmup and --measure whole seconds (the C++ client's unit)");
    }
    Machine.printHeader("Echo over loopback TCP, Java and C++ (libcapnp) clients against C++ and Java servers, "
        + settings + ", warm-up " + warmup.toSeconds() + " s, window " + measure.toSeconds() + " s, " + rounds + " round(s)");
    Table summary = new Table("median of " + rounds + " round(s), calls/s (p50 / p99 us)", "payload", "concurrency",
        "java->c++", "c++->c++", "java->java", "c++->java", "java/c++ on c++ server");
    try (CppConformance cppServer = CppConformance.startServer();
        CapaEcho javaToCpp = CapaEcho.connect(cppServer.address());
        CapaEcho javaToJava = CapaEcho.start()) {
      System.out.println("# C++ server at " + CppConformance.hostPort(cppServer.address()) + ", Java server at "
          + CppConformance.hostPort(javaToJava.serverAddress()));
      System.out.println("# java client: " + javaToJava.description());
      for (Setting s : settings) {
        Map<String, List<EchoLoad.EchoResult>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
          for (String client : CLIENTS) {
            EchoLoad.EchoResult r = switch (client) {
              case "java->c++" -> EchoLoad.run(javaToCpp.client(), s.payload(), s.concurrency(), warmup, measure);
              case "java->java" -> EchoLoad.run(javaToJava.client(), s.payload(), s.concurrency(), warmup, measure);
              case "c++->c++" -> cppBench(CppConformance.hostPort(cppServer.address()), s, warmup, measure);
              case "c++->java" -> cppBench(CppConformance.hostPort(javaToJava.serverAddress()), s, warmup, measure);
              default -> throw new IllegalStateException(client);
            };
            results.computeIfAbsent(client, k -> new ArrayList<>()).add(r);
            System.out.println(RpcEchoBench.roundLine(round, client, s.payload(), s.concurrency(), r));
            System.out.flush();
          }
        }
        List<String> cells = new ArrayList<>(List.of(Integer.toString(s.payload()), Integer.toString(s.concurrency())));
        for (String client : CLIENTS) {
          EchoLoad.EchoResult m = EchoLoad.median(results.get(client));
          cells.add(String.format(Locale.ROOT, "%,.0f (%.0f / %.0f)", m.callsPerSecond(), m.p50Micros(), m.p99Micros()));
        }
        double ratio = EchoLoad.median(results.get("java->c++")).callsPerSecond()
            / EchoLoad.median(results.get("c++->c++")).callsPerSecond();
        cells.add(String.format(Locale.ROOT, "%.2f", ratio));
        summary.row(cells.toArray());
      }
    }
    summary.print();
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  /** One {@code bench-echo} run of the C++ client, as an {@link EchoLoad.EchoResult} (no max latency: it has none). */
  static EchoLoad.EchoResult cppBench(String hostPort, Setting s, Duration warmup, Duration measure) {
    Map<String, String> f = CppConformance.bench("bench-echo", "--connect", hostPort, "--size", Integer.toString(s.payload()),
        "--concurrency", Integer.toString(s.concurrency()), "--seconds", Long.toString(measure.toSeconds()),
        "--warmup", Long.toString(warmup.toSeconds()));
    return new EchoLoad.EchoResult((long) CppConformance.number(f, "calls"), CppConformance.number(f, "seconds"),
        CppConformance.number(f, "calls_per_s"), CppConformance.number(f, "p50_us"), CppConformance.number(f, "p99_us"),
        Double.NaN);
  }
}
