package io.capa.benchmarks.sidecar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * INTERNAL API: a Capa node as {@code ./capa run} starts it ({@code io.capa.dist.Main run} with the
 * launcher's JVM flags), in a child process: the sidecar that the benchmark JVM talks to, and whose
 * memory and start time the footprint benchmark reads. Settings go in as {@code -D} properties, the
 * way {@code JAVA_OPTS} passes them to the launcher. {@link #close} stops it with SIGTERM (the
 * graceful stop) and kills it if that takes too long.
 */
public final class RuntimeProcess implements AutoCloseable {
  /** The launcher's own JVM flags (see {@code ./capa}), before any extra option. */
  public static final List<String> LAUNCHER_FLAGS =
      List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4", "-XX:+UseParallelGC", "-Xms32m", "-Xmx256m");

  private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

  private final Process process;
  private final long spawnedNanos;
  private final Path stderr;
  private final CompletableFuture<ReadyLine> ready = new CompletableFuture<>();
  private volatile long readyNanos;

  private RuntimeProcess(Process process, long spawnedNanos, Path stderr) {
    this.process = process;
    this.spawnedNanos = spawnedNanos;
    this.stderr = stderr;
    Thread reader = new Thread(this::readStdout, "node-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java jvmOptions -Dk=v... -cp classpath io.capa.dist.Main run}; the node's log
   * (stderr) goes to {@code stderrFile}. {@code jvmOptions} usually start with {@link
   * #LAUNCHER_FLAGS}; they are not added here, so that a variant can replace the collector.
   */
  public static RuntimeProcess start(String classpath, List<String> jvmOptions, Map<String, String> settings, Path stderrFile)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add("io.capa.dist.Main");
    cmd.add("run");
    Files.createDirectories(stderrFile.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderrFile.toFile());
    long t0 = System.nanoTime();
    return new RuntimeProcess(pb.start(), t0, stderrFile);
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith(ReadyLine.PREFIX) && !ready.isDone()) {
          readyNanos = System.nanoTime();
          try {
            ready.complete(ReadyLine.parse(line));
          } catch (IllegalArgumentException e) {
            ready.completeExceptionally(e);
          }
        }
      }
    } catch (IOException e) {
      // The process is gone; whoever waits for the ready line hears about it below.
    }
    ready.completeExceptionally(new IllegalStateException("the node exited before its ready line; " + stderrTail()));
  }

  /** Waits for the ready line. */
  public ReadyLine awaitReady(Duration limit) throws InterruptedException {
    try {
      return ready.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no ready line within " + limit + "; " + stderrTail(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Wall-clock time from spawning the process to reading its ready line. */
  public long spawnToReadyMillis() {
    if (!ready.isDone() || ready.isCompletedExceptionally()) {
      throw new IllegalStateException("the node is not ready");
    }
    return TimeUnit.NANOSECONDS.toMillis(readyNanos - spawnedNanos);
  }

  public long pid() {
    return process.pid();
  }

  /** The process's {@code /proc/<pid>/status}. */
  public String status() {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the status of process " + process.pid(), e);
    }
  }

  /** Resident memory now ({@code VmRSS}), KiB. */
  public long rssKb() {
    return MemoryReadings.statusKb(status(), "VmRSS");
  }

  /** Peak resident memory so far ({@code VmHWM}), KiB. */
  public long peakRssKb() {
    return MemoryReadings.statusKb(status(), "VmHWM");
  }

  public MemoryReadings.Heap heap() {
    return MemoryReadings.jstatGc(tool("jstat", "-gc", Long.toString(process.pid())));
  }

  public MemoryReadings.Nmt nativeMemory() {
    return MemoryReadings.nativeMemory(tool("jcmd", Long.toString(process.pid()), "VM.native_memory", "summary"));
  }

  /** Runs a JDK tool against this process and returns its standard output. */
  private static String tool(String name, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", name).toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", cmd) + " did not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    }
  }

  public String stderrTail() {
    try {
      String err = Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
      return "node log tail (" + stderr + "):\n" + (err.length() > 3000 ? err.substring(err.length() - 3000) : err);
    } catch (IOException e) {
      return "node log unreadable: " + e;
    }
  }

  /** SIGTERM, then SIGKILL if the node has not stopped within 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
