package io.capa.benchmarks.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node from the launcher's class path ({@code dist/target}, which the reactor build makes). */
class RuntimeProcessTest {
  private static final Path DIST = Path.of("../dist/target");
  private static String classpath;

  @TempDir Path dir;

  @BeforeAll
  static void snapshot() {
    classpath = DistClasspath.snapshot(DIST);
  }

  private Map<String, String> settings(String backend) {
    return Map.of("capa.http.port", "0", "capa.rpc.port", "0", "capa.metrics.port", "0", "capa.cluster.port", "0",
        "capa.data-dir", dir.resolve("data").toString(), "capa.persistence.backend", backend);
  }

  @Test
  void start_distNode_readyLineAndMemoryReadable() throws Exception {
    try (RuntimeProcess p = RuntimeProcess.start(classpath, RuntimeProcess.LAUNCHER_FLAGS, settings("inmem"), dir.resolve("node.log"))) {
      ReadyLine r = p.awaitReady(Duration.ofSeconds(90));
      assertThat(r.rpcPort()).isPositive();
      assertThat(p.spawnToReadyMillis()).isGreaterThanOrEqualTo(r.startupMillis() / 2);
      assertThat(p.rssKb()).isPositive().isLessThanOrEqualTo(p.peakRssKb());
      MemoryReadings.Heap h = p.heap();
      assertThat(h.usedKb()).isPositive().isLessThanOrEqualTo(h.committedKb());
    }
  }

  @Test
  void start_badSetting_failsNamingItAndLeavesNoProcess() throws Exception {
    RuntimeProcess p = RuntimeProcess.start(classpath, RuntimeProcess.LAUNCHER_FLAGS, settings("no-such-backend"), dir.resolve("bad.log"));
    try {
      assertThatThrownBy(() -> p.awaitReady(Duration.ofSeconds(90))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited before its ready line").hasMessageContaining("no-such-backend");
      // Its stdout closes a moment before the process is gone: wait for the exit, boundedly.
      ProcessHandle.of(p.pid()).ifPresent(h -> h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    } finally {
      p.close();
    }
  }

  @Test
  void snapshot_missingDist_namesTheFileAndTheBuild() {
    assertThatThrownBy(() -> DistClasspath.snapshot(dir.resolve("nowhere"))).hasMessageContaining("nowhere")
        .hasMessageContaining("mvn -o -q -B -pl dist install");
  }

  @Test
  void snapshot_copy_survivesTheOriginalGoingAway() throws Exception {
    Path fake = dir.resolve("dist");
    Files.createDirectories(fake.resolve("lib"));
    Files.writeString(fake.resolve("capa-dist-0.1.0-SNAPSHOT.jar"), "jar");
    Files.writeString(fake.resolve("lib/a.jar"), "a");
    Files.writeString(fake.resolve("classpath.txt"), "lib/a.jar\n");
    String cp = DistClasspath.snapshot(fake);
    Files.delete(fake.resolve("lib/a.jar"));
    String[] entries = cp.split(":");
    assertThat(entries).hasSize(2);
    assertThat(Path.of(entries[1])).hasContent("a");
    Files.writeString(fake.resolve("lib/capa-x.jar"), "x");
    Files.setLastModifiedTime(fake.resolve("lib/capa-x.jar"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertThat(DistClasspath.builtAt(fake)).endsWith("(newest: capa-x.jar)");
    Files.writeString(fake.resolve("classpath.txt"), "lib/missing.jar");
    assertThatThrownBy(() -> DistClasspath.snapshot(fake)).hasMessageContaining("lib/missing.jar");
  }
}
