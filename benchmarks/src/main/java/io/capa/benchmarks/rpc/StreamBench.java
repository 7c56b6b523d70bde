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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;

/**
 * A {@code -> stream} method under load: {@code --chunks} calls of {@code upload(chunk)} with
 * {@code --chunk-size} bytes each, sent through {@code Request.sendStreaming()} (each stage is
 * awaited before the next chunk is sent, so the receiver paces the sender through the
 * connection's flow-control window), then {@code uploaded()}, whose byte count and CRC-32 must
 * match what was sent. MB/s is 10^6 bytes per second from the first chunk to the
 * {@code uploaded()} answer; chunk {@code k} holds bytes {@code (k * 131 + j * 7) & 0xff} and its
 * CRC is computed while sending, as the C++ peer's {@code bench-stream} does.
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
 *       control paces the sender here).
 * </ul>
 *
 * <p>Options: {@code --chunks 2000 --chunk-size 65536 --rounds 3 --window 1048576} (the Java
 * sender's {@code RpcOptions.streamWindowBytes}).
 */
public final class StreamBench {
  private StreamBench() {}

  static final List<String> PATHS = List.of("java->java tcp", "java->java mem", "java->c++", "c++->c++", "c++->java");

  /** One run: MB/s and, when the receiver is a Java connection, its peak of bytes held by unanswered calls. */
  record Run(double mbPerSecond, long peakInboundBytes) {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    int chunks = a.integer("chunks", 2000);
    int chunkSize = a.integer("chunk-size", 65536);
    int rounds = a.integer("rounds", 3);
    long window = Long.parseLong(a.string("window", Long.toString(RpcOptions.DEFAULT.streamWindowBytes())));
    if (chunks < 1 || chunkSize < 1 || rounds < 1) {
      throw new IllegalArgumentException("--chunks, --chunk-size and --rounds must be >= 1");
    }
    RpcOptions client = RpcOptions.DEFAULT.withStreamWindowBytes(window);
    Machine.printHeader(String.format(Locale.ROOT,
        "Streaming upload: %,d chunks of %,d B (%.1f MB) per run, Java sender window %,d B, %d round(s)",
        chunks, chunkSize, (double) chunks * chunkSize / 1e6, window, rounds));
    Chunks data = new Chunks(chunkSize);
    Map<String, List<Run>> results = new LinkedHashMap<>();
    ActorSystem system = JavaRpc.system("stream-bench");
    try (JavaRpc.ObservedServer javaServer = JavaRpc.ObservedServer.start(system, RpcOptions.DEFAULT);
        CppConformance cppServer = CppConformance.startServer()) {
      for (int round = 1; round <= rounds; round++) {
        for (String path : PATHS) {
          Run r = switch (path) {
            case "java->java tcp" -> {
              RpcConnection c = JavaRpc.connect(system, javaServer.address(), client);
              RpcConnection serverSide = javaServer.nextAccepted();
              yield javaRun(c, serverSide, data, chunks);
            }
            case "java->java mem" -> {
              Pair<RpcConnection, RpcConnection> p = RpcTransport.pair(system, client,
                  RpcOptions.DEFAULT.withBootstrap(Capability.of(new Conformance.Service())));
              yield javaRun(p.first(), p.second(), data, chunks);
            }
            case "java->c++" -> javaRun(JavaRpc.connect(system, cppServer.address(), client), null, data, chunks);
            case "c++->c++" -> cppRun(cppServer.address(), null, chunks, chunkSize);
            case "c++->java" -> cppRun(javaServer.address(), javaServer, chunks, chunkSize);
            default -> throw new IllegalStateException(path);
          };
          results.computeIfAbsent(path, k -> new ArrayList<>()).add(r);
          System.out.printf(Locale.ROOT, "round %d %-15s MB/s=%-8.1f receiver peak held=%s%n", round, path,
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
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  /**
   * Streams over {@code conn} and closes it. {@code receiver} is the server side of the
   * connection when it is a Java one (null otherwise), read before the connection closes.
   */
  static Run javaRun(RpcConnection conn, RpcConnection receiver, Chunks data, int chunks) {
    try (Capability boot = conn.bootstrap()) {
      CRC32 crc = new CRC32();
      long t0 = System.nanoTime();
      for (int k = 0; k < chunks; k++) {
        ByteBuffer chunk = data.chunk(k);
        crc.update(chunk.duplicate());
        Request r = boot.newCall(Conformance.CONFORMANCE, Conformance.UPLOAD);
        r.initParams(0, 1).getPointer(0).setData(chunk);
        JavaRpc.await(r.sendStreaming());
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

  /** {@code bench-stream} of the C++ client; the receiver's peak when it is the observed Java server. */
  static Run cppRun(InetSocketAddress server, JavaRpc.ObservedServer observed, int chunks, int chunkSize) {
    if (observed == null) {
      Map<String, String> f = CppConformance.bench("bench-stream", "--connect", CppConformance.hostPort(server),
          "--chunks", Integer.toString(chunks), "--chunk-size", Integer.toString(chunkSize));
      return new Run(CppConformance.number(f, "mb_per_s"), -1);
    }
    // The C++ client runs while its server-side connection is read; stats go once it has closed.
    java.util.concurrent.CompletableFuture<Map<String, String>> f = new java.util.concurrent.CompletableFuture<>();
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
