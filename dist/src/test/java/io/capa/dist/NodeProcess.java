package io.capa.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code io.capa.dist.Main} in a JVM of its own, on this test JVM's class path: for what only a
 * separate process shows (exit statuses, signals, a kill without warning). stdout is collected line
 * by line; stderr (the logs) goes to a file for diagnosis. {@link #close} always kills it.
 */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final Path stderr;
  private final Thread reader;

  private NodeProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readStdout, "node-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java ... io.capa.dist.Main args}; stderr goes to {@code stderrFile}. */
  public static NodeProcess start(Path stderrFile, String... args) throws IOException {
    return start(stderrFile, List.of(), args);
  }

  /** The same with extra JVM options (for instance {@code -Dcapa...} settings). */
  public static NodeProcess start(Path stderrFile, List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4");
    // The launcher's own logging (stderr), not this module's logback-test.xml, which is on the path too.
    cmd.add("-Dlogback.configurationFile=logback.xml");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.capa.dist.Main");
    cmd.addAll(List.of(args));
    Files.createDirectories(stderrFile.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderrFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    return new NodeProcess(pb.start(), stderrFile);
  }

  /** A port that was free a moment ago, for settings that cannot be 0 across a restart. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        stdout.add(line);
        if (line.startsWith("capa ready: ")) {
          ready.complete(line);
        }
      }
    } catch (IOException e) {
      // The process died; whoever waits finds out below.
    }
    ready.completeExceptionally(new IllegalStateException("the node exited before it was ready: " + diagnosis()));
  }

  /** Waits for the {@code capa ready:} line and returns it. */
  public String awaitReady(Duration limit) throws Exception {
    try {
      return ready.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no ready line within " + limit + ": " + diagnosis(), e);
    }
  }

  /** Waits for the process to exit and returns its status. */
  public int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + limit + ": " + diagnosis());
    }
    reader.join(10_000); // so that stdout() holds everything the process wrote
    return process.exitValue();
  }

  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  public String stderr() throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
  }

  /** SIGTERM: the graceful stop. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private String diagnosis() {
    String err;
    try {
      err = stderr();
    } catch (IOException e) {
      err = e.toString();
    }
    String tail = err.length() > 4000 ? err.substring(err.length() - 4000) : err;
    return "alive=" + process.isAlive() + " stdout=" + stdout + " stderr tail:\n" + tail;
  }
}
