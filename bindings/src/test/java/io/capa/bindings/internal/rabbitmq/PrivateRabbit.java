package io.capa.bindings.internal.rabbitmq;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of the test's own (node {@code capa_fault_<id>@localhost} on free ports, data under
 * a temporary folder), for tests that stop and restart the broker; the shared node is never touched.
 * It starts in about 7 s here.
 */
final class PrivateRabbit implements AutoCloseable {
  final int port;
  private final String node;
  private final Path dir;
  private final Map<String, String> env;
  private Process process;

  PrivateRabbit() throws IOException {
    this.port = freePort();
    this.node = "capa_fault_" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    this.dir = Files.createTempDirectory("capa-rabbit");
    Path config = dir.resolve("rabbitmq.conf");
    Files.writeString(config, "listeners.tcp.default = 127.0.0.1:" + port + "\nloopback_users = none\n");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.createDirectories(dir.resolve("mnesia"));
    Files.createDirectories(dir.resolve("log"));
    // Started as root, the scripts switch to the rabbitmq user, which must write here.
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
      }
    }
    this.env = Map.of(
        "RABBITMQ_NODENAME", node,
        "RABBITMQ_NODE_PORT", String.valueOf(port),
        "RABBITMQ_DIST_PORT", String.valueOf(freePort()),
        "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
        "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
        "RABBITMQ_CONFIG_FILE", config.toString(),
        "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
  }

  String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  PrivateRabbit start() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("rabbitmq-server").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
    pb.environment().putAll(env);
    process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("RabbitMQ node " + node + " did not listen on " + port + ": "
        + Files.readString(dir.resolve("server.out")));
  }

  void stop() throws Exception {
    if (process == null) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder("rabbitmqctl", "-n", node, "stop").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ctl.out").toFile()));
    pb.environment().putAll(env);
    pb.start().waitFor(60, TimeUnit.SECONDS);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    process = null;
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
