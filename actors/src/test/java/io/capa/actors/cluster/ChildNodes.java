package io.capa.actors.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runtime nodes started as child JVMs of the test, each logging to a file of its own. Every child is
 * killed on {@link #close()} and, should the test JVM end first, by a shutdown hook.
 */
final class ChildNodes implements AutoCloseable {
  static final Path LOG_DIR = Path.of("target", "cluster-logs");

  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Thread hook = new Thread(this::killAll, "kill-child-nodes");
  private final String runId;
  private final Path classDir;
  private final String classPath;

  ChildNodes(String runId) throws IOException {
    this.runId = runId;
    this.classDir = Files.createTempDirectory("capa-nodes-cp");
    this.classPath = snapshotClassPath(classDir);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Copies the class directories of the class path (the module's own classes): a child loads classes
   * lazily, and a build of the module running meanwhile would otherwise swap them under its feet.
   */
  private static String snapshotClassPath(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path src = Path.of(entry);
      if (!Files.isDirectory(src)) {
        out.add(entry);
        continue;
      }
      Path dst = dir.resolve(Integer.toString(i++));
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path target = dst.resolve(src.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      out.add(dst.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  Path start(NodeSpec spec) throws IOException {
    Files.createDirectories(LOG_DIR);
    Path log = LOG_DIR.resolve(runId + "-" + spec.name() + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small heap and C1 only: three JVMs share two cores, and the nodes live for a minute.
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.add("-Dlogback.configurationFile=cluster/logback-node.xml");
    cmd.add("-Dpekko.loglevel=INFO");
    cmd.addAll(List.of("-cp", classPath, NodeMain.class.getName()));
    cmd.addAll(spec.args());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    processes.put(spec.name(), p);
    return log;
  }

  /** SIGKILL: the node gets no chance to leave the cluster or hand its actors over. */
  void kill(String name) throws InterruptedException {
    Process p = processes.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no child node " + name);
    }
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child node " + name + " survived SIGKILL for 10 s");
    }
  }

  boolean alive(String name) {
    Process p = processes.get(name);
    return p != null && p.isAlive();
  }

  private void killAll() {
    processes.values().forEach(Process::destroyForcibly);
    for (Process p : processes.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    killAll();
    try (Stream<Path> files = Files.walk(classDir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook is running.
    }
  }
}
