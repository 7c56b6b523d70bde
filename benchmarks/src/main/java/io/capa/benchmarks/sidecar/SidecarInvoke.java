package io.capa.benchmarks.sidecar;

import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.ClosedLoop;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.OpenLoop;
import io.capa.benchmarks.internal.Rounds;
import io.capa.benchmarks.internal.Table;
import io.capa.sdk.api.CapaClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Actor calls through the sidecar against the same calls in-process, in the same run.
 *
 * <p>The sidecar is a node started as {@code ./capa run} starts it, in a child process; this JVM is
 * the application and calls it with the Java SDK ({@code CapaClient.actors().invoke}) over its one
 * RPC connection. The in-process contender is an {@code ActorRuntime} embedded in this JVM, called
 * through {@code runtime.service().invoke}, the same raw-bytes interface the RPC endpoint calls on
 * the node's side. Both serve the example {@code Counter} type (discovered the way the launcher
 * discovers it) with the same backend, and the method is {@code get} (reads one key, writes
 * nothing). Contenders alternate round by round, the order flipping each round.
 *
 * <ul>
 *   <li>Latency: an open loop at {@code --rate} calls/s by the clock, measured from each call's due
 *       time (no coordinated omission), over {@code --latency-ids} actors in turn.
 *   <li>Throughput: closed loops of N outstanding calls for each N of {@code --concurrency}, over
 *       {@code --ids} actors; with ids a multiple of N, each caller has ids of its own, so no actor
 *       ever has two calls outstanding (one actor's turns are serialized).
 * </ul>
 *
 * <p>Options: {@code --rate 1000 --latency-round 20s --latency-ids 1000 --concurrency
 * 1,64,256,1024 --ids 4096 --warmup 20s --round 5s --rounds 3 --backend inmem --method get --dist
 * dist/target --node-log FILE}.
 */
public final class SidecarInvoke {
  private static final String SIDECAR = "sidecar";
  private static final String IN_PROCESS = "in-process";
  private static final Duration READY_LIMIT = Duration.ofSeconds(120);
  /** The throughput goal for one connection. */
  private static final double THROUGHPUT_GOAL = 50_000;
  /** The goal for the sidecar hop's added p99, in milliseconds. */
  private static final double ADDED_P99_GOAL_MS = 1.0;

  /** Failed calls by cause, per contender; printed after every phase. */
  private static final Map<String, Failures> FAILURES = new LinkedHashMap<>();

  private SidecarInvoke() {}

  private static java.util.concurrent.CompletionStage<byte[]> call(String who, ActorService s, ActorInvocation inv) {
    return FAILURES.get(who).watch(() -> s.invoke(inv));
  }

  private static void printFailures(String phase) {
    FAILURES.forEach((who, f) -> f.drain().forEach((cause, n) ->
        System.out.println("# failures in " + phase + ", " + who + ": " + n + " x " + cause)));
  }

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    double rate = a.integer("rate", 1000);
    Duration latencyRound = a.duration("latency-round", "20s");
    int latencyIds = a.integer("latency-ids", 1000);
    int[] concurrency = concurrency(a.string("concurrency", "1,64,256,1024"));
    int ids = a.integer("ids", 4096);
    Duration warmup = a.duration("warmup", "20s");
    Duration round = a.duration("round", "5s");
    int rounds = a.integer("rounds", 3);
    String backend = a.string("backend", "inmem");
    String method = a.string("method", "get");
    Path dist = Path.of(a.string("dist", "dist/target"));
    Path nodeLog = Path.of(a.string("node-log", Path.of(System.getProperty("java.io.tmpdir"), "capa-sidecar-node-" + ProcessHandle.current().pid() + ".log").toString()));
    // Extra JVM options for the node, after the launcher's (a collector here replaces the launcher's).
    List<String> nodeJvm = SidecarFootprint.withLauncherFlags(a.string("node-jvm", ""));
    if (rounds < 1 || ids < 1 || latencyIds < 1) {
      throw new IllegalArgumentException("--rounds, --ids and --latency-ids must be >= 1");
    }

    Machine.printHeader("actor calls through the sidecar (SDK over one RPC connection, node in a child process) vs in-process");
    System.out.println("# dist jars written " + DistClasspath.builtAt(dist) + "; backend=" + backend + " method=Counter." + method
        + "; child JVM flags " + nodeJvm);
    String cp = DistClasspath.snapshot(dist);
    Path work = Nodes.tempDataDir();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("capa.http.port", "0");
    settings.put("capa.rpc.port", "0");
    settings.put("capa.metrics.port", "0");
    settings.put("capa.cluster.port", "0");
    settings.put("capa.data-dir", work.resolve("node").toString());
    settings.put("capa.persistence.backend", backend);

    try (RuntimeProcess node = RuntimeProcess.start(cp, nodeJvm, settings, nodeLog);
        ActorRuntime embedded = ActorRuntime.builder()
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", work.resolve("embedded").toString())
            .setting("capa.persistence.backend", backend)
            .registerDiscovered()
            .start()) {
      ReadyLine ready = node.awaitReady(READY_LIMIT);
      System.out.println("# node pid " + node.pid() + ": ready in " + node.spawnToReadyMillis() + " ms from spawn ("
          + ready.startupMillis() + " ms by its ready line), rpc " + ready.rpcHost() + ":" + ready.rpcPort());
      try (CapaClient client = CapaClient.builder().appId("bench-app").runtime(ready.rpcHost(), ready.rpcPort()).apiToken(null).build()) {
        if (!client.awaitConnected(Duration.ofSeconds(30))) {
          throw new IllegalStateException("the SDK did not connect to " + ready.rpcHost() + ":" + ready.rpcPort() + "; " + node.stderrTail());
        }
        Map<String, ActorService> contenders = new LinkedHashMap<>();
        contenders.put(SIDECAR, client.actors());
        contenders.put(IN_PROCESS, embedded.service());
        FAILURES.put(SIDECAR, new Failures());
        FAILURES.put(IN_PROCESS, new Failures());
        ActorInvocation[] calls = new ActorInvocation[Math.max(ids, latencyIds)];
        for (int i = 0; i < calls.length; i++) {
          calls[i] = new ActorInvocation(new ActorId("Counter", "c" + i), method, new byte[0]);
        }
        for (Map.Entry<String, ActorService> c : contenders.entrySet()) {
          byte[] answer = c.getValue().invoke(calls[0]).toCompletableFuture().get(30, TimeUnit.SECONDS);
          System.out.println("# " + c.getKey() + ": Counter/c0." + method + " answers '" + new String(answer, StandardCharsets.UTF_8) + "'");
        }

        // Warm-up of both: activates every id and lets the JIT settle; not measured.
        Table warm = new Table("warm-up (closed loop, 64 callers, all " + calls.length + " ids; not counted)",
            "contender", "calls/s", "p99 ms", "failures");
        for (Map.Entry<String, ActorService> c : contenders.entrySet()) {
          ActorService s = c.getValue();
          int[] cursor = new int[64];
          ClosedLoop.Result r = new ClosedLoop(64, k -> call(c.getKey(), s, calls[nextId(cursor, k, 64, calls.length)])).run(c.getKey(), warmup, Duration.ofSeconds(2));
          warm.row(c.getKey(), r.perSecond(), Table.ms(r.latencyMicros().getValueAtPercentile(99)), r.failures());
        }
        warm.print();
        printFailures("warm-up");

        latency(contenders, calls, latencyIds, rate, latencyRound, rounds);
        throughput(contenders, calls, ids, concurrency, round, rounds);
      }
      System.out.println("# node log: " + nodeLog);
    }
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  private static void latency(Map<String, ActorService> contenders, ActorInvocation[] calls, int ids, double rate, Duration round, int rounds)
      throws InterruptedException {
    Table t = new Table("latency at " + (long) rate + " calls/s (open loop, from the due time), " + ids + " ids",
        "round", "contender", "sent", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "failures", "unanswered", "max send delay ms");
    Rounds p50 = new Rounds();
    Rounds p99 = new Rounds();
    Rounds p999 = new Rounds();
    List<Double> added = new ArrayList<>();
    long seq = 0;
    for (int i = 0; i <= rounds; i++) {
      // Round 0 (shorter) settles the open loop's own path; it is shown but not counted.
      Duration d = i == 0 ? Duration.ofSeconds(5) : round;
      Map<String, Double> p99s = new LinkedHashMap<>();
      for (String who : order(contenders, i)) {
        ActorService s = contenders.get(who);
        OpenLoop.Result r = new OpenLoop(rate, n -> call(who, s, calls[(int) (n % ids)])).run(who, seq, d);
        seq += r.sent();
        var h = r.latencyMicros();
        if (r.failures() > 0 || r.unanswered() > 0) {
          System.out.println("# WARNING: " + who + " round " + i + ": " + r.failures() + " failed, " + r.unanswered() + " unanswered");
        }
        t.row(i == 0 ? "warm-up" : i, who, r.sent(), Table.ms(h.getValueAtPercentile(50)), Table.ms(h.getValueAtPercentile(99)),
            Table.ms(h.getValueAtPercentile(99.9)), Table.ms(h.getMaxValue()), r.failures(), r.unanswered(), Table.ms(r.maxSendDelayMicros()));
        if (i > 0) {
          p50.add(who, h.getValueAtPercentile(50) / 1000.0);
          p99.add(who, h.getValueAtPercentile(99) / 1000.0);
          p999.add(who, h.getValueAtPercentile(99.9) / 1000.0);
          p99s.put(who, h.getValueAtPercentile(99) / 1000.0);
        }
      }
      if (i > 0) {
        added.add(p99s.get(SIDECAR) - p99s.get(IN_PROCESS));
      }
    }
    t.print();
    printFailures("latency");
    double addedOfMedians = p99.median(SIDECAR) - p99.median(IN_PROCESS);
    Table s = new Table("latency result (median of " + rounds + " rounds, ms)", "contender", "p50", "p99", "p99.9");
    for (String who : contenders.keySet()) {
      s.row(who, f3(p50.median(who)), f3(p99.median(who)), f3(p999.median(who)));
    }
    s.row("added by the sidecar hop", f3(p50.median(SIDECAR) - p50.median(IN_PROCESS)), f3(addedOfMedians),
        f3(p999.median(SIDECAR) - p999.median(IN_PROCESS)));
    s.print();
    System.out.println("added p99 per round (sidecar - in-process, ms): " + added.stream().map(SidecarInvoke::f3).toList()
        + "; median " + f3(Table.median(added)));
    System.out.println("goal: added p99 <= " + f3(ADDED_P99_GOAL_MS) + " ms -> " + (addedOfMedians <= ADDED_P99_GOAL_MS ? "met" : "NOT met"));
  }

  private static void throughput(Map<String, ActorService> contenders, ActorInvocation[] calls, int ids, int[] concurrency, Duration round, int rounds)
      throws InterruptedException {
    Table t = new Table("throughput (closed loop, N outstanding, " + ids + " ids, one caller per id set)",
        "N", "round", "contender", "calls/s", "p50 ms", "p99 ms", "max ms", "failures");
    Table s = new Table("throughput result (median of " + rounds + " rounds, calls/s)",
        "N", SIDECAR, IN_PROCESS, "ratio sidecar/in-process", "sidecar p99 ms", "sidecar >= 50,000/s");
    for (int n : concurrency) {
      Rounds r = new Rounds();
      Rounds p99 = new Rounds();
      for (int i = 0; i <= rounds; i++) {
        // Round 0 at each N is a warm-up (new connection-level queue depth, JIT); not counted.
        Duration w = i == 0 ? Duration.ofSeconds(3) : Duration.ofSeconds(1);
        for (String who : order(contenders, i)) {
          ActorService svc = contenders.get(who);
          int[] cursor = new int[n];
          ClosedLoop.Result res = new ClosedLoop(n, k -> call(who, svc, calls[nextId(cursor, k, n, ids)])).run(who, w, round);
          if (res.calls() == 0 && res.error() != null) {
            throw new IllegalStateException(who + " failed every call at N=" + n, res.error());
          }
          var h = res.latencyMicros();
          t.row(n, i == 0 ? "warm-up" : i, who, res.perSecond(), Table.ms(h.getValueAtPercentile(50)), Table.ms(h.getValueAtPercentile(99)),
              Table.ms(h.getMaxValue()), res.failures());
          if (i > 0) {
            r.add(who, res.perSecond());
            p99.add(who, h.getValueAtPercentile(99) / 1000.0);
          }
          if (res.failures() > 0) {
            System.out.println("# WARNING: " + who + " N=" + n + " round " + i + ": " + res.failures() + " failures, first: " + res.error());
          }
        }
      }
      printFailures("throughput N=" + n);
      double sc = r.median(SIDECAR);
      s.row(n, sc, r.median(IN_PROCESS), sc / r.median(IN_PROCESS), f3(p99.median(SIDECAR)), sc >= THROUGHPUT_GOAL ? "yes" : "no");
    }
    t.print();
    s.print();
  }

  /** The contenders, in the other order every other round, so neither always runs second. */
  private static List<String> order(Map<String, ActorService> contenders, int round) {
    List<String> o = new ArrayList<>(contenders.keySet());
    if (round % 2 == 1) {
      Collections.reverse(o);
    }
    return o;
  }

  /** Caller {@code c}'s next id: with {@code ids} a multiple of {@code callers}, the callers' id sets are disjoint. */
  private static int nextId(int[] cursor, int caller, int callers, int ids) {
    int n = cursor[caller]++;
    return (int) (((long) n * callers + caller) % ids);
  }

  static int[] concurrency(String list) {
    try {
      int[] n = Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
      if (n.length == 0 || Arrays.stream(n).anyMatch(x -> x < 1)) {
        throw new IllegalArgumentException("--concurrency: every N must be >= 1, got '" + list + "'");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--concurrency: expected a comma-separated list of numbers like 1,64,256, got '" + list + "'", e);
    }
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
