package io.capa.benchmarks.sidecar;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.OpenLoop;
import io.capa.benchmarks.internal.Table;
import io.capa.sdk.api.CapaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sidecar's footprint: resident memory of a node started as {@code ./capa run} starts it (default
 * settings: H2 under a fresh data directory; only the ports are 0 so that it runs next to other
 * nodes), idle and under an open-loop load of {@code --rate} calls/s from this JVM through the SDK;
 * Java heap used/committed ({@code jstat -gc}); in a separate start with {@code
 * -XX:NativeMemoryTracking=summary}, the JVM's own account of where the memory goes; and the time
 * from spawning the process to its ready line, over {@code --starts} starts.
 *
 * <p>The launcher's defaults are not changed here. Each variant of {@code --variants} (JVM options
 * the launcher could set, {@code ;}-separated, {@code name=options} with options separated by
 * spaces; {@code -XX:+UseSerialGC} replaces the launcher's collector) is measured the same way as
 * an extra row; {@code appcds} is a dynamic class-data archive written by one start and used by the
 * measured ones.
 *
 * <p>Options: {@code --starts 5 --idle 10s --load 30s --rate 1000 --ids 1000
 * --nmt true --dist dist/target --out DIR --variants "xmx128=-Xmx128m;serial=-XX:+UseSerialGC;..."}.
 */
public final class SidecarFootprint {
  private static final String DEFAULT_VARIANTS =
      "serialgc=-XX:+UseSerialGC;xmx128m=-Xmx128m;xmx512m=-Xmx512m;c1only=-XX:TieredStopAtLevel=1;appcds=appcds";
  private static final Duration READY_LIMIT = Duration.ofSeconds(120);
  private static final long RSS_GOAL_MB = 200;
  private static final long READY_GOAL_MS = 3000;
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

  private final String classpath;
  private final Path out;
  private final Args args;
  private int runs;

  private SidecarFootprint(String classpath, Path out, Args args) {
    this.classpath = classpath;
    this.out = out;
    this.args = args;
  }

  /** One set of JVM options for the node. */
  record Variant(String name, List<String> jvmOptions) {
    Variant {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("variant name is empty");
      }
      jvmOptions = List.copyOf(jvmOptions);
    }
  }

  /** What one variant measured. */
  record Figures(
      Variant variant, List<Long> spawnToReadyMs, List<Long> readyLineMs, long idleRssKb, MemoryReadings.Heap idleHeap,
      long loadRssKb, long loadPeakRssKb, MemoryReadings.Heap loadHeap, long sent, long failed, long unanswered, long p99Micros) {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    Path dist = Path.of(a.string("dist", "dist/target"));
    Path out = Path.of(a.string("out", Files.createTempDirectory("capa-footprint-").toString()));
    Files.createDirectories(out);
    List<Variant> variants = parseVariants(a.string("variants", DEFAULT_VARIANTS));
    Machine.printHeader("sidecar footprint: a node as ./capa run starts it, in a child process");
    System.out.println("# dist jars written " + DistClasspath.builtAt(dist) + "; node logs in " + out);
    SidecarFootprint f = new SidecarFootprint(DistClasspath.snapshot(dist), out, a);

    List<Variant> resolved = new ArrayList<>();
    resolved.add(new Variant("default (launcher flags)", RuntimeProcess.LAUNCHER_FLAGS));
    for (Variant v : variants) {
      resolved.add(f.resolve(v));
    }
    // Start times first, the variants interleaved start by start: the load of a shared machine drifts
    // over minutes, and a variant measured in one block would carry the drift as its own figure.
    Map<String, List<long[]>> starts = f.startTimes(resolved, a.integer("starts", 5));
    List<Figures> all = new ArrayList<>();
    MemoryReadings.Nmt[] nmt = null;
    for (Variant v : resolved) {
      all.add(f.measure(v, starts.get(v.name())));
      if (nmt == null && a.string("nmt", "true").equals("true")) {
        nmt = f.nativeMemory(v);
      }
      System.out.println("# load after " + v.name() + ": " + Machine.loadAverage());
    }
    f.report(all, nmt);
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  static List<Variant> parseVariants(String spec) {
    List<Variant> out = new ArrayList<>();
    if (spec.isBlank() || spec.equals("none")) {
      return out;
    }
    for (String item : spec.split(";")) {
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new IllegalArgumentException("--variants: expected name=JVM options, got '" + item + "'");
      }
      String name = item.substring(0, eq).trim();
      String opts = item.substring(eq + 1).trim();
      if (opts.equals("appcds")) {
        out.add(new Variant(name, List.of("appcds")));
        continue;
      }
      List<String> jvm;
      try {
        jvm = withLauncherFlags(opts);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--variants: " + e.getMessage() + " in variant " + name, e);
      }
      out.add(new Variant(name, jvm));
    }
    return out;
  }

  private Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("capa.http.port", "0");
    s.put("capa.rpc.port", "0");
    s.put("capa.metrics.port", "0");
    s.put("capa.cluster.port", "0");
    s.put("capa.data-dir", Nodes.tempDataDir().toString());
    return s;
  }

  private RuntimeProcess start(Variant v, List<String> extra) throws Exception {
    List<String> jvm = new ArrayList<>(v.jvmOptions());
    jvm.addAll(extra);
    String file = String.format(Locale.ROOT, "node-%02d-%s.log", ++runs, v.name().replaceAll("[^A-Za-z0-9+]+", "_"));
    return RuntimeProcess.start(classpath, jvm, settings(), out.resolve(file));
  }

  /**
   * The launcher's JVM flags followed by {@code options} (space-separated); a collector among them
   * replaces the launcher's.
   */
  static List<String> withLauncherFlags(String options) {
    List<String> jvm = new ArrayList<>(RuntimeProcess.LAUNCHER_FLAGS);
    for (String o : options.trim().split("\\s+")) {
      if (o.isEmpty()) {
        continue;
      }
      if (!o.startsWith("-")) {
        throw new IllegalArgumentException("'" + o + "' is not a JVM option");
      }
      if (o.startsWith("-XX:+Use") && o.endsWith("GC")) {
        jvm.removeIf(x -> x.startsWith("-XX:+Use") && x.endsWith("GC"));
      }
      jvm.add(o);
    }
    return jvm;
  }

  /** Resolves the {@code appcds} variant: one start writes the archive, the measured ones use it. */
  private Variant resolve(Variant v) throws Exception {
    if (!v.jvmOptions().equals(List.of("appcds"))) {
      return v;
    }
    // Not under --out: the archive is some 70 MB and no result.
    Path archive = Nodes.tempDataDir().resolve("capa-appcds.jsa");
    Variant dump = new Variant(v.name() + "-dump", concat(RuntimeProcess.LAUNCHER_FLAGS, "-XX:ArchiveClassesAtExit=" + archive));
    try (RuntimeProcess p = start(dump, List.of())) {
      p.awaitReady(READY_LIMIT);
      // Classes of the first calls belong in the archive too.
      load(p, Duration.ofSeconds(3));
    }
    if (!Files.exists(archive)) {
      throw new IllegalStateException("the class-data archive was not written: " + archive);
    }
    System.out.println("# " + v.name() + ": archive of " + Files.size(archive) / 1024 + " KiB written by one start");
    return new Variant(v.name(), concat(RuntimeProcess.LAUNCHER_FLAGS, "-XX:SharedArchiveFile=" + archive));
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> l = new ArrayList<>(a);
    l.add(b);
    return l;
  }

  /** Spawn-to-ready and ready-line times: {@code starts} rounds, each starting every variant once. */
  private Map<String, List<long[]>> startTimes(List<Variant> variants, int starts) throws Exception {
    Map<String, List<long[]>> out = new LinkedHashMap<>();
    for (int i = 0; i < starts; i++) {
      for (Variant v : variants) {
        try (RuntimeProcess p = start(v, List.of())) {
          ReadyLine r = p.awaitReady(READY_LIMIT);
          out.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(new long[] {p.spawnToReadyMillis(), r.startupMillis()});
        }
      }
      System.out.println("# start round " + (i + 1) + " done (load " + Machine.loadAverage() + ")");
    }
    return out;
  }

  private Figures measure(Variant v, List<long[]> starts) throws Exception {
    System.out.println("# " + v.name() + ": " + v.jvmOptions() + " (load " + Machine.loadAverage() + ")");
    List<Long> wall = starts.stream().map(x -> x[0]).toList();
    List<Long> line = starts.stream().map(x -> x[1]).toList();
    System.out.println("#   spawn to ready ms " + wall + ", ready line ms " + line);
    try (RuntimeProcess p = start(v, List.of())) {
      p.awaitReady(READY_LIMIT);
      Thread.sleep(args.duration("idle", "10s").toMillis());
      long idleRss = p.rssKb();
      MemoryReadings.Heap idleHeap = p.heap();
      Load l = load(p, args.duration("load", "30s"));
      MemoryReadings.Heap loadHeap = p.heap();
      System.out.println("#   idle RSS " + mb(idleRss) + " MB, under load RSS " + mb(l.lastRssKb) + " MB (max sampled " + mb(l.maxRssKb) + ")");
      return new Figures(v, wall, line, idleRss, idleHeap, l.lastRssKb, l.maxRssKb, loadHeap, l.sent, l.failed, l.unanswered, l.p99Micros);
    }
  }

  /** What an open-loop load saw, and the node's RSS sampled while it ran. */
  private record Load(long sent, long failed, long unanswered, long p99Micros, long maxRssKb, long lastRssKb) {}

  private Load load(RuntimeProcess p, Duration d) throws Exception {
    ReadyLine r = p.awaitReady(READY_LIMIT);
    int ids = args.integer("ids", 1000);
    ActorInvocation[] calls = new ActorInvocation[ids];
    for (int i = 0; i < ids; i++) {
      calls[i] = new ActorInvocation(new ActorId("Counter", "c" + i), "get", new byte[0]);
    }
    AtomicLong maxRss = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        maxRss.accumulateAndGet(p.rssKb(), Math::max);
        try {
          Thread.sleep(SAMPLE_EVERY.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    try (CapaClient client = CapaClient.builder().appId("footprint-app").runtime(r.rpcHost(), r.rpcPort()).apiToken(null).build()) {
      if (!client.awaitConnected(Duration.ofSeconds(30))) {
        throw new IllegalStateException("the SDK did not connect; " + p.stderrTail());
      }
      ActorService actors = client.actors();
      Failures failures = new Failures();
      sampler.setDaemon(true);
      sampler.start();
      OpenLoop.Result res = new OpenLoop(args.integer("rate", 1000), n -> failures.watch(() -> actors.invoke(calls[(int) (n % ids)])))
          .run("load", 0, d);
      long last = p.rssKb();
      sampler.interrupt();
      sampler.join();
      failures.drain().forEach((cause, n) -> System.out.println("#   failures under load: " + n + " x " + cause));
      return new Load(res.sent(), res.failures(), res.unanswered(), res.latencyMicros().getValueAtPercentile(99), Math.max(maxRss.get(), last), last);
    }
  }

  /** A start with Native Memory Tracking: the summary idle and after the load. */
  private MemoryReadings.Nmt[] nativeMemory(Variant base) throws Exception {
    try (RuntimeProcess p = start(new Variant("nmt", base.jvmOptions()), List.of("-XX:NativeMemoryTracking=summary"))) {
      p.awaitReady(READY_LIMIT);
      Thread.sleep(args.duration("idle", "10s").toMillis());
      MemoryReadings.Nmt idle = p.nativeMemory();
      long idleRss = p.rssKb();
      load(p, args.duration("load", "30s"));
      MemoryReadings.Nmt loaded = p.nativeMemory();
      long loadRss = p.rssKb();
      System.out.println("# NMT run: RSS idle " + mb(idleRss) + " MB, under load " + mb(loadRss) + " MB");
      return new MemoryReadings.Nmt[] {idle, loaded};
    }
  }

  private void report(List<Figures> all, MemoryReadings.Nmt[] nmt) {
    Table t = new Table("footprint (RSS = VmRSS of the node; heap from jstat -gc; ready = median)",
        "variant", "starts", "spawn->ready ms", "ready line ms", "idle RSS MB", "idle heap used/committed MB",
        "load RSS MB", "load max RSS MB", "load heap used/committed MB", "calls sent", "failed", "unanswered", "load p99 ms",
        "RSS <= 200 MB", "ready <= 3 s");
    for (Figures f : all) {
      double wall = Table.median(f.spawnToReadyMs().stream().map(Long::doubleValue).toList());
      double line = Table.median(f.readyLineMs().stream().map(Long::doubleValue).toList());
      long worstRss = Math.max(f.idleRssKb(), f.loadPeakRssKb());
      t.row(f.variant().name(), f.spawnToReadyMs().size(), Math.round(wall), Math.round(line), mb(f.idleRssKb()),
          mb(f.idleHeap().usedKb()) + " / " + mb(f.idleHeap().committedKb()), mb(f.loadRssKb()), mb(f.loadPeakRssKb()),
          mb(f.loadHeap().usedKb()) + " / " + mb(f.loadHeap().committedKb()), f.sent(), f.failed(), f.unanswered(), Table.ms(f.p99Micros()),
          mb(worstRss) <= RSS_GOAL_MB ? "yes" : "no", wall <= READY_GOAL_MS ? "yes" : "no");
    }
    t.print();
    for (Figures f : all) {
      System.out.println("# " + f.variant().name() + ": " + f.variant().jvmOptions() + "; spawn->ready " + f.spawnToReadyMs()
          + " ms; ready line " + f.readyLineMs() + " ms; metaspace used idle/load " + mb(f.idleHeap().metaspaceUsedKb()) + "/"
          + mb(f.loadHeap().metaspaceUsedKb()) + " MB");
    }
    if (nmt != null) {
      Table n = new Table("native memory tracking, default flags (committed MB, largest first after the load)",
          "category", "idle", "under load");
      Map<String, Long> idle = nmt[0].committedByName();
      for (MemoryReadings.NmtCategory c : nmt[1].byCommitted()) {
        if (c.committedKb() >= 1024) {
          n.row(c.name(), mb(idle.getOrDefault(c.name(), 0L)), mb(c.committedKb()));
        }
      }
      n.row("total (committed; RSS counts only touched pages)", mb(nmt[0].totalCommittedKb()), mb(nmt[1].totalCommittedKb()));
      n.row("threads", (long) nmt[0].threads(), (long) nmt[1].threads());
      n.print();
    }
  }

  private static long mb(long kb) {
    return Math.round(kb / 1024.0);
  }
}
