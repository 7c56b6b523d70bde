package io.capa.capnp.rpc.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcServer;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.capnp.rpc.conformance.ConformanceClient;
import io.capa.capnp.rpc.conformance.ConformanceService;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance scenarios against the C++ reference (libcapnp-rpc 0.9.2), in both
 * directions, over TCP on 127.0.0.1; Java against Java; and the killed-peer scenario with
 * each side killed. The C++ peer is built by cpp/build.sh; a missing toolchain fails the
 * build, it does not skip.
 */
class CppInteropTest {
  static final Path CPP = Path.of("target/cpp/capnp-conformance");
  static ActorSystem system;

  @BeforeAll
  static void build() throws Exception {
    Process p = new ProcessBuilder("cpp/build.sh", "target/cpp").inheritIO().start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("cpp/build.sh exit status").isZero();
    system = ActorSystem.create("interop");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  /** A started child process and its output lines, read as they come. */
  static final class Child implements AutoCloseable {
    final Process process;
    final List<String> lines = new ArrayList<>();
    private final Thread reader;

    Child(String... command) throws IOException {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            synchronized (lines) {
              lines.add(l);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          // The process went away; its lines so far are kept.
        }
      });
      t.setDaemon(true);
      t.start();
      reader = t;
    }

    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        for (;;) {
          for (String l : lines) {
            if (l.startsWith(prefix)) {
              return l;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; got " + lines);
          }
          lines.wait(Math.max(1, left / 1_000_000));
        }
      }
    }

    int port() throws InterruptedException {
      String l = awaitLine("listening ", Duration.ofSeconds(30));
      return Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
    }

    /**
     * The lines so far; once the process has ended, all of them: its exit can be seen before the
     * reader has taken the last lines out of the pipe.
     */
    List<String> lines() throws InterruptedException {
      if (!process.isAlive()) {
        reader.join(10_000);
      }
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  static RpcServer javaServer(ConformanceService.Shared shared) throws Exception {
    return RpcTransport.serve(system, "127.0.0.1", 0,
            () -> io.capa.capnp.rpc.RpcOptions.DEFAULT.withReaderOptions(io.capa.capnp.wire.ReaderOptions.DEFAULT
                    .withTraversalLimitWords(64L << 20).withMaxMessageBytes(256L << 20))
                .withBootstrap(Capability.of(new ConformanceService(shared))))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static List<String> runJavaClient(int port) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    boolean ok = new ConformanceClient(system, "127.0.0.1", port, Duration.ofSeconds(60)).runAll(Set.of(), out);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("scenario lines").hasSize(9).allMatch(l -> l.startsWith("PASS "), "passed");
    assertThat(ok).isTrue();
    return lines;
  }

  static String[] javaCommand(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4", "-cp", System.getProperty("java.class.path"),
        "io.capa.capnp.rpc.conformance.ConformanceCommand"));
    cmd.addAll(List.of(args));
    return cmd.toArray(String[]::new);
  }

  @Test
  void scenarios_javaClientAgainstCppServer() throws Exception {
    try (Child server = new Child(CPP.toString(), "server", "--port", "0")) {
      runJavaClient(server.port());
    }
  }

  @Test
  void scenarios_cppClientAgainstJavaServer() throws Exception {
    try (RpcServer server = javaServer(new ConformanceService.Shared());
        Child client = new Child(CPP.toString(), "client", "--connect", "127.0.0.1:" + server.address().getPort())) {
      assertThat(client.process.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(client.lines()).as("C++ client lines").hasSize(9).allMatch(l -> l.startsWith("PASS "), "passed");
      assertThat(client.process.exitValue()).isZero();
    }
  }

  @Test
  void scenarios_javaClientAgainstJavaServer() throws Exception {
    try (RpcServer server = javaServer(new ConformanceService.Shared())) {
      runJavaClient(server.address().getPort());
    }
  }

  @Test
  void killedPeer_cppClientKilled_javaServerCancelsAndKeepsServing() throws Exception {
    ConformanceService.Shared shared = new ConformanceService.Shared();
    try (RpcServer server = javaServer(shared)) {
      int port = server.address().getPort();
      try (Child holder = new Child(CPP.toString(), "client", "--connect", "127.0.0.1:" + port, "--hold")) {
        holder.awaitLine("holding", Duration.ofSeconds(30));
        holder.process.destroyForcibly().waitFor();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (shared.cancellations() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(shared.cancellations()).as("hold canceled by the lost connection").isEqualTo(1);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (server.connections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.connections()).as("connections held for the dead peer").isZero();
      try (Child client = new Child(CPP.toString(), "client", "--connect", "127.0.0.1:" + port, "--only", "1,2")) {
        assertThat(client.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(client.process.exitValue()).as("later client: " + client.lines()).isZero();
      }
    }
  }

  @Test
  void killedPeer_cppServerKilled_javaCallFailsDisconnected() throws Exception {
    try (Child server = new Child(CPP.toString(), "server", "--port", "0")) {
      int port = server.port();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      CompletableFuture<Boolean> result = CompletableFuture.supplyAsync(() -> {
        try {
          return new ConformanceClient(system, "127.0.0.1", port, Duration.ofSeconds(30)).expectDisconnect(out);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, r -> new Thread(r).start());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!bytes.toString(StandardCharsets.UTF_8).contains("holding") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long killedAt = System.nanoTime();
      server.process.destroyForcibly();
      assertThat(result.get(10, TimeUnit.SECONDS)).as(bytes.toString(StandardCharsets.UTF_8)).isTrue();
      assertThat((System.nanoTime() - killedAt) / 1_000_000).as("ms until the call failed").isLessThan(5000);
    }
  }

  @Test
  void killedPeer_javaServerKilled_cppCallFailsDisconnected() throws Exception {
    try (Child server = new Child(javaCommand("conformance-server", "--port", "0"))) {
      int port = server.port();
      try (Child client = new Child(CPP.toString(), "client", "--connect", "127.0.0.1:" + port,
          "--expect-disconnect")) {
        client.awaitLine("holding", Duration.ofSeconds(30));
        server.process.destroyForcibly();
        assertThat(client.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // The process has exited, but its last line may still be on its way through the reader.
        client.awaitLine("disconnected ", Duration.ofSeconds(5));
        assertThat(client.process.exitValue()).isZero();
      }
    }
  }

  @Test
  void killedPeer_javaClientKilled_cppServerKeepsServing() throws Exception {
    try (Child server = new Child(CPP.toString(), "server", "--port", "0")) {
      int port = server.port();
      try (Child holder = new Child(javaCommand("conformance-client", "--connect", "127.0.0.1:" + port, "--hold"))) {
        holder.awaitLine("holding", Duration.ofSeconds(60));
        holder.process.destroyForcibly().waitFor();
      }
      try (Child client = new Child(CPP.toString(), "client", "--connect", "127.0.0.1:" + port, "--only", "1,6")) {
        assertThat(client.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(client.process.exitValue()).as("later client: " + client.lines()).isZero();
      }
    }
  }

}
