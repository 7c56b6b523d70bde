package io.capa.state.internal;

import io.capa.connections.testkit.PrivateRedis;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own ({@code capa_fault_<port>}), made with Debian's cluster
 * tools on a free port and dropped on close. Never the shared server.
 */
final class PrivatePostgres implements AutoCloseable {
  final int port;
  private final String version;
  private final String cluster;
  private final Path log;
  private boolean created;

  PrivatePostgres() throws IOException {
    this.port = PrivateRedis.freePort();
    try (var versions = Files.list(Path.of("/etc/postgresql"))) {
      this.version = versions.map(v -> v.getFileName().toString()).sorted().reduce((a, b) -> b)
          .orElseThrow(() -> new IOException("no PostgreSQL under /etc/postgresql"));
    }
    this.cluster = "capa_fault_" + port;
    this.log = Files.createTempFile("capa-pg-fault", ".log");
  }

  void start() throws Exception {
    if (!created) {
      run("pg_createcluster", version, cluster, "-p", Integer.toString(port), "--", "--auth-host=trust",
          "--auth-local=trust");
      created = true;
    }
    run("pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("PostgreSQL did not listen on " + port + "; see " + log);
        }
        Thread.sleep(100);
      }
    }
  }

  void stop() throws Exception {
    run("pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "stop", "-m", "fast");
  }

  private void run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!p.waitFor(Duration.ofSeconds(120).toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
          + Files.readString(log));
    }
  }

  @Override
  public void close() throws Exception {
    if (created) {
      Process p = new ProcessBuilder("pg_dropcluster", "--stop", version, cluster).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      p.waitFor(120, TimeUnit.SECONDS);
    }
  }
}
