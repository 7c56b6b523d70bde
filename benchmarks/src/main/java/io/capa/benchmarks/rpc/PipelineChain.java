package io.capa.benchmarks.rpc;

import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Table;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RemotePromise;
import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;

/**
 * Promise pipelining over a network with latency: the Java client talks to a server through a
 * {@link DelayProxy} that holds each direction back by {@code --delay} (1 ms: every round trip
 * costs at least 2 ms), and times, one call at a time:
 *
 * <ul>
 *   <li><b>single</b>: {@code add(1, 2)}, one round trip;
 *   <li><b>pipelined</b>: {@code newCounter(1).counter.self().counter.read()}, the three calls
 *       sent at once, each addressed to the promised result of the one before, timed until the
 *       {@code read} answer (which must be 1). Pipelining keeps this near one round trip;
 *   <li><b>awaited</b>: the same three calls, each sent once the previous answer is in (three
 *       round trips), for reference.
 * </ul>
 *
 * The three alternate sample by sample, after {@code min(samples, 200)} untimed rounds. The server
 * is the Java {@link Conformance.Service} on the library's TCP server, then (unless {@code --cpp
 * false}) the C++ reference peer, both behind the same kind of proxy. For reference, the C++
 * client's own {@code bench-chain} runs through the proxy against each server too.
 *
 * <p>Options: {@code --samples 300 --delay 1ms --cpp true}.
 */
public final class PipelineChain {
  private PipelineChain() {}

  record Series(double[] micros) {
    double percentile(double p) {
      double[] s = micros.clone();
      Arrays.sort(s);
      // nearest rank, as the C++ peer's bench-chain
      int rank = (int) Math.ceil(p / 100 * s.length);
      return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
  }

  record Figures(Series single, Series pipelined, Series awaited) {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    int samples = a.integer("samples", 300);
    Duration delay = a.duration("delay", "1ms");
    boolean cpp = Boolean.parseBoolean(a.string("cpp", "true"));
    if (samples < 1) {
      throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
    }
    Machine.printHeader("Promise pipelining through a TCP proxy adding " + delay.toNanos() / 1e6 + " ms each way, "
        + samples + " samples per series after " + Math.min(samples, 200) + " untimed");
    Table table = new Table("p50 / p99 in microseconds", "client -> server", "single p50", "single p99",
        "pipelined p50", "pipelined p99", "awaited p50", "awaited p99", "pipelined/single", "awaited/single");
    ActorSystem system = JavaRpc.system("pipeline-chain");
    try (RpcServer javaServer = JavaRpc.serve(system);
        DelayProxy toJava = DelayProxy.start(javaServer.address(), delay)) {
      Figures f = measure(system, toJava.address(), samples);
      row(table, "java -> java", f);
      Map<String, String> c = CppConformance.bench("bench-chain", "--connect", CppConformance.hostPort(toJava.address()),
          "--samples", Integer.toString(samples));
      System.out.println("# C++ client -> Java server: " + c);
      cppRow(table, "c++ -> java", c);
      if (cpp) {
        try (CppConformance cppServer = CppConformance.startServer();
            DelayProxy toCpp = DelayProxy.start(cppServer.address(), delay)) {
          Figures g = measure(system, toCpp.address(), samples);
          row(table, "java -> c++", g);
          Map<String, String> d = CppConformance.bench("bench-chain", "--connect", CppConformance.hostPort(toCpp.address()),
              "--samples", Integer.toString(samples));
          System.out.println("# C++ client -> C++ server: " + d);
          cppRow(table, "c++ -> c++", d);
        }
      }
    } finally {
      system.terminate();
      JavaRpc.await(system.getWhenTerminated());
    }
    table.print();
    System.out.println("# (the C++ client's bench-chain has no awaited series and reports p50 only)");
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  static Figures measure(ActorSystem system, InetSocketAddress server, int samples) {
    RpcConnection conn = JavaRpc.connect(system, server, RpcOptions.DEFAULT);
    try (Capability boot = conn.bootstrap()) {
      for (int i = 0; i < Math.min(samples, 200); i++) {
        single(boot);
        pipelined(boot);
        awaited(boot);
      }
      double[] s = new double[samples];
      double[] p = new double[samples];
      double[] w = new double[samples];
      for (int i = 0; i < samples; i++) {
        s[i] = single(boot);
        p[i] = pipelined(boot);
        w[i] = awaited(boot);
      }
      return new Figures(new Series(s), new Series(p), new Series(w));
    } finally {
      conn.close();
      JavaRpc.await(conn.whenClosed());
    }
  }

  /** {@code add(1, 2)}: microseconds to the answer, which must be 3. */
  static double single(Capability boot) {
    long t0 = System.nanoTime();
    long sum = Conformance.word0(JavaRpc.await(Conformance.add(boot, 1, 2).response()));
    long t1 = System.nanoTime();
    check("add(1, 2)", 3, sum);
    return (t1 - t0) / 1e3;
  }

  /** The three calls of the chain sent before any answer; microseconds to the {@code read} answer. */
  static double pipelined(Capability boot) {
    long t0 = System.nanoTime();
    RemotePromise made = Conformance.newCounter(boot, 1);
    try (Capability counter = made.pipeline(0)) {
      RemotePromise self = Conformance.counterSelf(counter);
      try (Capability same = self.pipeline(0)) {
        RemotePromise read = Conformance.counterRead(same);
        long value = Conformance.word0(JavaRpc.await(read.response()));
        long t1 = System.nanoTime();
        check("pipelined newCounter(1).counter.self().counter.read()", 1, value);
        // Answered by now (they were answered before read was); their responses hold capabilities to drop.
        JavaRpc.await(made.response()).close();
        JavaRpc.await(self.response()).close();
        return (t1 - t0) / 1e3;
      }
    }
  }

  /** The same chain, each call sent once the previous one has answered. */
  static double awaited(Capability boot) {
    long t0 = System.nanoTime();
    try (Response made = JavaRpc.await(Conformance.newCounter(boot, 1).response());
        Response self = JavaRpc.await(Conformance.counterSelf(Conformance.capAt0(made)).response())) {
      long value = Conformance.word0(JavaRpc.await(Conformance.counterRead(Conformance.capAt0(self)).response()));
      long t1 = System.nanoTime();
      check("awaited newCounter(1).counter.self().counter.read()", 1, value);
      return (t1 - t0) / 1e3;
    }
  }

  private static void check(String what, long expected, long got) {
    if (got != expected) {
      throw new IllegalStateException(what + " answered " + got + ", expected " + expected);
    }
  }

  private static void row(Table t, String name, Figures f) {
    double s = f.single().percentile(50);
    double p = f.pipelined().percentile(50);
    double w = f.awaited().percentile(50);
    t.row(name, us(s), us(f.single().percentile(99)), us(p), us(f.pipelined().percentile(99)), us(w),
        us(f.awaited().percentile(99)), ratio(p / s), ratio(w / s));
  }

  private static void cppRow(Table t, String name, Map<String, String> c) {
    double s = CppConformance.number(c, "single_p50_us");
    double p = CppConformance.number(c, "chain_p50_us");
    t.row(name, us(s), "-", us(p), "-", "-", "-", ratio(p / s), "-");
  }

  private static String us(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
