package io.capa.benchmarks.rpc;

import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Table;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.Request;
import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcStats;
import io.capa.capnp.rpc.RpcTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;

/**
 * A {@code -> stream} method under load: {@code --chunks} calls of {@code upload(chunk)} with
 * {@code --chunk-size} bytes each, sent through {@code Request.sendStreaming()}, then
 * {@code uploaded()}, whose byte count and CRC-32 must match what was sent. MB/s is 10^6 bytes per
 * second from the first chunk to the {@code uploaded()} answer; chunk {@code k} holds bytes
 * {@code (k * 131 + j * 7) & 0xff} and its CRC is computed while sending, as the C++ peer's
 * {@code bench-stream} does.
 *
 * <p>The Java sender waits for each {@code sendStreaming()} stage before sending the next chunk, so
 * the receiver paces it through the connection's flow-control window. It waits in one of two ways
 * ({@code --senders await,chained}; {@code await} alone by default): {@code await} blocks the
 * sending thread on the stage (a thread of its own, as a plain caller would), {@code chained} sends
 * the next chunk from the stage's completion (on the connection's thread when the window was
 * full), as the C++ client's {@code send().wait()} continues on its event loop. {@code chained} is
 * not in the default run because with this library it fails the CRC check: the chunks sent from
 * the completion overtake chunks the sending thread sent before, still on their way into the
 * connection, so the receiver sees them out of order.
 *
 * <p>Paths, interleaved round by round:
 *
 * <ul>
 *   <li>{@code java->java tcp}: the Java client to a Java server over loopback TCP, the server's
 *       connection observed ({@link JavaRpc.ObservedServer}) so its peak of bytes held by
 *       unanswered calls ({@code RpcStats.peakInboundCallBytes}) is known;
 *   <li>{@code java->java mem}: the same over {@code RpcTransport.pair}, in memory;
 *   <li>{@code java->c++}: the Java client to the C++ reference server;
 *   <li>{@code c++->c++}: {@code capnp-conformance bench-stream} to the C++ server;
 *   <li>{@code c++->java}: {@code bench-stream} to the observed Java server (libcapnp's own flow
 *       control paces the sender here);
 *   <li>{@code java->java slow}: a receiver that falls behind: the Java server answers each
 *       {@code upload} only once it has drained at {@code --slow-mbps} MB/s
 *       ({@link Conformance.Pacer}), so unanswered calls pile up at the receiver until the
 *       sender's window stops it; the peak shows whether the window bounds them.
 * </ul>
 *
 * <p>Options: {@code --chunks 2000 --chunk-size 65536 --rounds 5 --window 1048576} (the Java
 * sender's {@code RpcOptions.streamWindowBytes}; calls on a bootstrap capability keep a 1 MiB window
 * whatever it says) {@code --slow-mbps 200} (0: no slow path) {@code --senders await --warmup-rounds 1}
 * (rounds over every path before the reported ones).
 */
public final class StreamBench {
  private StreamBench() {}

  static final List<String> PATHS = List.of("java->java tcp", "java->java mem", "java->c++", "c++->c++", "c++->java",
      "java->java slow");

  /** How the Java sender waits for the window before its next chunk (see the class comment). */
  enum Sender { AWAIT, CHAINED }

  /** One run: MB/s and, when the receiver is a Java connection, its peak of bytes held by unanswered calls. */
  record Run(double mbPerSecond, long peakInboundBytes) {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    int chunks = a.integer("chunks", 2000);
    int chunkSize = a.integer("chunk-size", 65536);
    // Runs are short (a quarter of a second at 500 MB/s), so a collection or a neighbour's burst
    // moves one a lot: five of them make the median steadier.
    int rounds = a.integer("rounds", 5);
    long window = Long.parseLong(a.string("window", Long.toString(RpcOptions.DEFAULT.streamWindowBytes())));
    double slowMbps = Double.parseDouble(a.string("slow-mbps", "200"));
    int warmupRounds = a.integer("warmup-rounds", 1);
    if (chunks < 1 || chunkSize < 1 || rounds < 1 || slowMbps < 0) {
      throw new IllegalArgumentException("--chunks, --chunk-size and --rounds must be >= 1, --slow-mbps >= 0");
    }
    RpcOptions client = RpcOptions.DEFAULT.withStreamWindowBytes(window);
    Machine.printHeader(String.format(Locale.ROOT,
        "Streaming upload: %,d chunks of %,d B (%.1f MB) per run, Java sender window %,d B, slow receiver %.0f MB/s,"
            + " %d round(s) after %d unreported",
        chunks, chunkSize, (double) chunks * chunkSize / 1e6, window, slowMbps, rounds, warmupRounds));
    List<Sender> senders = Arrays.stream(a.string("senders", "await").split(","))
        .map(x -> Sender.valueOf(x.trim().toUpperCase(Locale.ROOT))).toList();
    List<String> paths = new ArrayList<>();
    for (String p : PATHS) {
      if (p.endsWith("slow") && slowMbps == 0) {
        continue;
      }
      if (p.startsWith("java")) {
        senders.forEach(x -> paths.add(p + " " + x.name().toLowerCase(Locale.ROOT)));
      } else {
        paths.add(p);
      }
    }
    Chunks data = new Chunks(chunkSize);
    Map<String, List<Run>> results = new LinkedHashMap<>();
    ActorSystem system = JavaRpc.system("stream-bench");
    try (JavaRpc.ObservedServer javaServer = JavaRpc.ObservedServer.start(system, RpcOptions.DEFAULT);
        Conformance.Pacer pacer = new Conformance.Pacer(Math.max(slowMbps, 1) * 1e6);
        JavaRpc.ObservedServer slowServer =
            JavaRpc.ObservedServer.start(system, RpcOptions.DEFAULT, () -> new Conformance.Service(pacer));
        CppConformance cppServer = CppConformance.startServer()) {
      // Round 0 warms the JIT on every path and is not reported: the C++ peer needs no warm-up,
      // and a cold first round would only measure compilation.
      for (int round = warmupRounds > 0 ? 1 - warmupRounds : 1; round <= rounds; round++) {
        for (String path : paths) {
          Sender sender = path.endsWith("chained") ? Sender.CHAINED : Sender.AWAIT;
          Run r;
          if (path.startsWith("java->java tcp") || path.startsWith("java->java slow")) {
            JavaRpc.ObservedServer server = path.startsWith("java->java slow") ? slowServer : javaServer;
            RpcConnection c = JavaRpc.connect(system, server.address(), client);
            r = javaRun(c, server.nextAccepted(), data, chunks, sender);
          } else if (path.startsWith("java->java mem")) {
            Pair<RpcConnection, RpcConnection> p = RpcTransport.pair(system, client,
                RpcOptions.DEFAULT.withBootstrap(Capability.of(new Conformance.Service())));
            r = javaRun(p.first(), p.second(), data, chunks, sender);
          } else if (path.startsWith("java->c++")) {
            r = javaRun(JavaRpc.connect(system, cppServer.address(), client), null, data, chunks, sender);
          } else if (path.equals("c++->c++")) {
            r = cppRun(cppServer.address(), null, chunks, chunkSize);
          } else if (path.equals("c++->java")) {
            r = cppRun(javaServer.address(), javaServer, chunks, chunkSize);
          } else {
            throw new IllegalStateException(path);
          }
          if (round < 1) {
            continue;
          }
          results.computeIfAbsent(path, k -> new ArrayList<>()).add(r);
          System.out.printf(Locale.ROOT, "round %d %-24s MB/s=%-8.1f receiver peak held=%s%n", round, path,
              r.mbPerSecond(), r.peakInboundBytes() < 0 ? "-" : String.format(Locale.ROOT, "%,d B", r.peakInboundBytes()));
          System.out.flush();
        }
      }
    } finally {
      system.terminate();
      JavaRpc.await(system.getWhenTerminated());
    }
    Table t = new Table("median of " + rounds + " round(s); receiver peak = largest over the rounds", "path", "MB/s",
        "receiver peak held (B)", "peak / window");
    for (Map.Entry<String, List<Run>> e : results.entrySet()) {
      List<Double> rates = e.getValue().stream().map(Run::mbPerSecond).toList();
      long peak = e.getValue().stream().mapToLong(Run::peakInboundBytes).max().orElse(-1);
      t.row(e.getKey(), String.format(Locale.ROOT, "%.1f", Table.median(rates)),
          peak < 0 ? "-" : String.format(Locale.ROOT, "%,d", peak),
          peak < 0 || e.getKey().startsWith("c++") ? "-" : String.format(Locale.ROOT, "%.2f", (double) peak / window));
    }
    t.print();
    System.out.println("# window: the Java sender's streamWindowBytes (" + window + " B); the C++ sender uses libcapnp's own");
    System.out.println("# held bytes: RpcStats.peakInboundCallBytes of the receiving connection (c++->java: sampled every 5 ms)");
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  /**
   * Streams over {@code conn} and closes it. {@code receiver} is the server side of the
   * connection when it is a Java one (null otherwise), read before the connection closes.
   */
  static Run javaRun(RpcConnection conn, RpcConnection receiver, Chunks data, int chunks, Sender sender) {
    try (Capability boot = conn.bootstrap()) {
      CRC32 crc = new CRC32();
      long t0 = System.nanoTime();
      if (sender == Sender.AWAIT) {
        for (int k = 0; k < chunks; k++) {
          JavaRpc.await(sendChunk(boot, data.chunk(k), crc));
        }
      } else {
        JavaRpc.await(new Chained(boot, data, chunks, crc).start());
      }
      long bytes;
      long serverCrc;
      try (Response resp = JavaRpc.await(boot.newCall(Conformance.CONFORMANCE, Conformance.UPLOADED).send().response())) {
        bytes = resp.results().getLong(0);
        serverCrc = resp.results().getInt(2) & 0xFFFFFFFFL;
      }
      long t1 = System.nanoTime();
      long sent = (long) chunks * data.size();
      if (bytes != sent || serverCrc != crc.getValue()) {
        throw new IllegalStateException(String.format(Locale.ROOT, "uploaded() reports %d B / CRC %08x, sent %d B / %08x",
            bytes, serverCrc, sent, crc.getValue()));
      }
      long peak = receiver == null ? -1 : JavaRpc.await(receiver.stats()).peakInboundCallBytes();
      return new Run(sent / 1e6 / ((t1 - t0) / 1e9), peak);
    } finally {
      conn.close();
      JavaRpc.await(conn.whenClosed());
    }
  }

  private static CompletionStage<Void> sendChunk(Capability boot, ByteBuffer chunk, CRC32 crc) {
    crc.update(chunk.duplicate());
    Request r = boot.newCall(Conformance.CONFORMANCE, Conformance.UPLOAD);
    r.initParams(0, 1).getPointer(0).setData(chunk);
    return r.sendStreaming();
  }

  /**
   * The {@code chained} sender: sends chunks in a loop while their stages are already complete
   * (the window has room) and continues from the first one that is not, on whichever thread
   * completes it. One chunk is sent at a time, so the fields need no lock; the stages order them.
   */
  private static final class Chained {
    private final Capability boot;
    private final Chunks data;
    private final int chunks;
    private final CRC32 crc;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int next;

    Chained(Capability boot, Chunks data, int chunks, CRC32 crc) {
      this.boot = boot;
      this.data = data;
      this.chunks = chunks;
      this.crc = crc;
    }

    CompletableFuture<Void> start() {
      resume();
      return done;
    }

    private void resume() {
      try {
        while (next < chunks) {
          CompletableFuture<Void> s = sendChunk(boot, data.chunk(next++), crc).toCompletableFuture();
          if (!s.isDone() || s.isCompletedExceptionally()) {
            s.whenComplete((v, e) -> {
              if (e != null) {
                done.completeExceptionally(e);
              } else {
                resume();
              }
            });
            return;
          }
        }
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }
  }

  /** {@code bench-stream} of the C++ client; the receiver's peak when it is the observed Java server. */
  static Run cppRun(InetSocketAddress server, JavaRpc.ObservedServer observed, int chunks, int chunkSize) {
    if (observed == null) {
      Map<String, String> f = CppConformance.bench("bench-stream", "--connect", CppConformance.hostPort(server),
          "--chunks", Integer.toString(chunks), "--chunk-size", Integer.toString(chunkSize));
      return new Run(CppConformance.number(f, "mb_per_s"), -1);
    }
    // The C++ client runs while its server-side connection is read; stats go once it has closed.
    CompletableFuture<Map<String, String>> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(CppConformance.bench("bench-stream", "--connect", CppConformance.hostPort(server),
            "--chunks", Integer.toString(chunks), "--chunk-size", Integer.toString(chunkSize)));
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    }, "bench-stream");
    t.start();
    RpcConnection serverSide = observed.nextAccepted();
    long peak = 0;
    while (!f.isDone()) {
      // Sampled: the connection's own peak is lost with it once the client disconnects.
      RpcStats s = JavaRpc.await(serverSide.stats());
      peak = Math.max(peak, s.peakInboundCallBytes());
      sleep(5);
    }
    return new Run(CppConformance.number(JavaRpc.await(f), "mb_per_s"), peak);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The chunks' bytes without a copy per chunk: byte {@code j} of chunk {@code k} is {@code (k *
   * 131 + j * 7) & 0xff}, i.e. byte {@code j + d} of the sequence {@code 7 * i}, where {@code 7 * d
   * = k * 131 (mod 256)}: {@code d = k * 131 * 183 & 0xff} (183 is 7's inverse mod 256). So every
   * chunk is a window of one buffer of {@code size + 255} bytes.
   */
  static final class Chunks {
    private final ByteBuffer source;
    private final int size;

    Chunks(int size) {
      this.size = size;
      byte[] b = new byte[size + 255];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (i * 7);
      }
      this.source = ByteBuffer.wrap(b);
    }

    int size() {
      return size;
    }

    ByteBuffer chunk(long k) {
      int d = (int) ((k * 131 * 183) & 0xff);
      return source.duplicate().position(d).limit(d + size).slice();
    }
  }
}
