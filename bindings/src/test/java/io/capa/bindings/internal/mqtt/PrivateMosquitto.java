package io.capa.bindings.internal.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto of the test's own on a free port, with persistence under a temporary folder, for tests
 * that stop and restart the broker (the shared one on 1883 is never touched).
 */
final class PrivateMosquitto implements AutoCloseable {
  final int port;
  private final Path dir;
  private final Path conf;
  private Process process;

  PrivateMosquitto() throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("capa-mosquitto");
    // Started as root, mosquitto drops to its own user, which must be able to write the database.
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    this.conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence true",
        "persistence_location " + dir + "/",
        "max_queued_messages 0",
        "") );
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  PrivateMosquitto start() throws Exception {
    process = new ProcessBuilder("mosquitto", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("mosquitto did not listen on " + port + ": " + Files.readString(dir.resolve("mosquitto.log")));
  }

  /** SIGTERM, so mosquitto writes its persistence file before it exits. */
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
