package io.capa.connections.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own on a free port, started and stopped by the test that owns it:
 * for "server down" and "server restarted" tests, never the shared server. Its log is
 * {@code redis.log} in its directory.
 */
public final class PrivateRedis implements AutoCloseable {
  public final int port;
  private final Path dir;
  private final boolean durable;
  private Process process;

  /** Keeps nothing on disk: a restart starts empty. */
  public PrivateRedis(Path dir) throws IOException {
    this(dir, false);
  }

  /**
   * @param durable when true, an append-only file synced on every write, so that what the server
   *     acknowledged survives {@link #kill()}
   */
  public PrivateRedis(Path dir, boolean durable) throws IOException {
    this.dir = dir;
    this.durable = durable;
    this.port = freePort();
  }

  /** In a new temporary directory, with an append-only file synced on every write. */
  public static PrivateRedis durable() throws IOException {
    return new PrivateRedis(Files.createTempDirectory("capa-redis-fault"), true);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts the server and waits until it answers PING. */
  public void start() throws Exception {
    process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", durable ? "yes" : "no", "--appendfsync", "always", "--dir", dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!answersPing()) {
      if (System.nanoTime() - deadline > 0 || !process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " did not come up; see " + dir.resolve("redis.log"));
      }
      Thread.sleep(20);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after 10 s. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      process = null;
    }
  }

  /** SIGKILL: nothing is flushed on the way out beyond what was synced. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
      process = null;
    }
  }

  private boolean answersPing() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
