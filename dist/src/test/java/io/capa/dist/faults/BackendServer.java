package io.capa.dist.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A database server of the test's own, on a free loopback port, that the test may stop and start
 * while a node writes to it. Each is the real server from the machine's packages, with its data in a
 * temporary directory, so that the machine's shared servers are never disturbed.
 */
abstract class BackendServer implements AutoCloseable {
  final Path dir;
  final int port;

  BackendServer(String name) throws IOException {
    this.dir = Files.createTempDirectory("capa-fault-" + name);
    this.port = freePort();
  }

  /** The value of {@code persistence.backend}. */
  abstract String backend();

  /** The value of {@code persistence.url}. */
  abstract String url();

  /** Creates the server's data on first use, then starts it and waits until it accepts connections. */
  abstract void start() throws Exception;

  /** Stops the server the way its own tools do; acknowledged data must survive it. */
  abstract void stop() throws Exception;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  void awaitListening(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError(backend() + " did not listen on " + port + " within " + limit + "; logs in " + dir);
  }

  void awaitClosed(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        Thread.sleep(100);
      } catch (IOException e) {
        return;
      }
    }
    throw new AssertionError(backend() + " still listens on " + port + " after " + limit);
  }

  /** Runs a command to completion; its output goes to a log file in the server's directory. */
  int run(List<String> command, Duration limit) throws Exception {
    Path log = dir.resolve("commands.log");
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within " + limit + "; see " + log);
    }
    return p.exitValue();
  }

  void runOrFail(Duration limit, String... command) throws Exception {
    int rc = run(List.of(command), limit);
    if (rc != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + rc + "; see " + dir.resolve("commands.log")
          + ":\n" + Files.readString(dir.resolve("commands.log")));
    }
  }

  /** PostgreSQL: a cluster of its own, created, stopped and started with Debian's pg_ctlcluster. */
  static final class Postgres extends BackendServer {
    private final String version;
    private final String cluster;
    private boolean created;

    Postgres() throws IOException {
      super("postgres");
      try (var versions = Files.list(Path.of("/etc/postgresql"))) {
        this.version = versions.map(v -> v.getFileName().toString()).sorted().reduce((a, b) -> b)
            .orElseThrow(() -> new IOException("no PostgreSQL under /etc/postgresql"));
      }
      this.cluster = "capa_fault_" + port;
    }

    @Override
    String backend() {
      return "postgres";
    }

    @Override
    String url() {
      return "postgres://postgres@127.0.0.1:" + port + "/postgres";
    }

    @Override
    void start() throws Exception {
      if (!created) {
        // The data goes where Debian puts every cluster (owned by the postgres user); pg_dropcluster
        // removes it again.
        runOrFail(Duration.ofSeconds(120), "pg_createcluster", version, cluster, "-p", Integer.toString(port),
            "--", "--auth-host=trust", "--auth-local=trust");
        created = true;
      }
      runOrFail(Duration.ofSeconds(120), "pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start");
      awaitListening(Duration.ofSeconds(60));
    }

    @Override
    void stop() throws Exception {
      runOrFail(Duration.ofSeconds(120), "pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "stop",
          "-m", "fast");
      awaitClosed(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws Exception {
      if (created) {
        run(List.of("pg_dropcluster", "--stop", version, cluster), Duration.ofSeconds(120));
      }
    }
  }

  /** MariaDB: an mariadbd of its own, stopped with SIGTERM and started again on the same data. */
  static final class MariaDb extends BackendServer {
    private Process server;
    private boolean installed;

    MariaDb() throws IOException {
      super("mariadb");
    }

    @Override
    String backend() {
      return "mariadb";
    }

    @Override
    String url() {
      return "mariadb://root@127.0.0.1:" + port + "/capa";
    }

    @Override
    void start() throws Exception {
      if (!installed) {
        runOrFail(Duration.ofSeconds(120), "mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
            "--user=root", "--auth-root-authentication-method=normal");
      }
      List<String> cmd = new ArrayList<>(List.of("/usr/sbin/mariadbd", "--no-defaults",
          "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
          "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"), "--user=root",
          "--skip-grant-tables", "--innodb-flush-log-at-trx-commit=1"));
      server = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mariadbd.log").toFile()))
          .start();
      awaitListening(Duration.ofSeconds(60));
      if (!installed) {
        runOrFail(Duration.ofSeconds(60), "mariadb", "--no-defaults", "-h127.0.0.1", "-P" + port, "-uroot",
            "-e", "CREATE DATABASE IF NOT EXISTS capa");
        installed = true;
      }
    }

    @Override
    void stop() throws Exception {
      server.destroy(); // SIGTERM: mariadbd's own orderly shutdown
      if (!server.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("mariadbd did not stop within 120 s; see " + dir.resolve("mariadbd.log"));
      }
      awaitClosed(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws Exception {
      if (server != null && server.isAlive()) {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Redis: a redis-server of its own with the append-only file fsynced on every write, which is the
   * setting the Redis plugin's README asks for when no acknowledged write may be lost.
   */
  static final class Redis extends BackendServer {
    private Process server;

    Redis() throws IOException {
      super("redis");
    }

    @Override
    String backend() {
      return "redis";
    }

    @Override
    String url() {
      return "redis://127.0.0.1:" + port;
    }

    @Override
    void start() throws Exception {
      server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
          "--daemonize", "no")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
      awaitListening(Duration.ofSeconds(30));
    }

    @Override
    void stop() throws Exception {
      server.destroy(); // SIGTERM: redis-server flushes its append-only file and exits
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("redis-server did not stop within 60 s; see " + dir.resolve("redis.log"));
      }
      awaitClosed(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws Exception {
      if (server != null && server.isAlive()) {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
