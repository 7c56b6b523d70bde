package io.capa.benchmarks.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryReadingsTest {
  @Test
  void statusKb_ownProcess_rssBetweenZeroAndPeak() throws Exception {
    String status = Files.readString(Path.of("/proc/self/status"));
    long rss = MemoryReadings.statusKb(status, "VmRSS");
    assertThat(rss).isPositive().isLessThanOrEqualTo(MemoryReadings.statusKb(status, "VmHWM"));
  }

  @Test
  void statusKb_garbage_namesTheField() {
    assertThatThrownBy(() -> MemoryReadings.statusKb("VmRSS: lots\nName: x", "VmRSS"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmRSS");
    assertThatThrownBy(() -> MemoryReadings.statusKb(null, "VmHWM")).hasMessageContaining("VmHWM");
  }

  @Test
  void jstatGc_thisJvm_usedWithinCommitted() throws Exception {
    String out = run(List.of(tool("jstat"), "-gc", Long.toString(ProcessHandle.current().pid())));
    MemoryReadings.Heap h = MemoryReadings.jstatGc(out);
    assertThat(h.committedKb()).isPositive();
    assertThat(h.usedKb()).isLessThanOrEqualTo(h.committedKb());
    assertThat(h.committedKb() * 1024).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() + 64L * 1024 * 1024);
  }

  @Test
  void jstatGc_garbage_saysWhatIsMissing() {
    assertThatThrownBy(() -> MemoryReadings.jstatGc("12345 not found")).hasMessageContaining("no header and value line");
    assertThatThrownBy(() -> MemoryReadings.jstatGc("A B\n1 2")).hasMessageContaining("no column S0U");
    assertThatThrownBy(() -> MemoryReadings.jstatGc("S0C S1C\n1")).hasMessageContaining("2 columns but 1 values");
    assertThatThrownBy(() -> MemoryReadings.jstatGc("S0C S1C S0U S1U EC EU OC OU MC MU\n1 1 x 1 1 1 1 1 1 1"))
        .hasMessageContaining("S0U is not a number");
  }

  @Test
  void nativeMemory_realSummary_categoriesAddUpToTotal() throws Exception {
    // The JVM prints the same summary as jcmd VM.native_memory at exit when asked to.
    String out = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:NativeMemoryTracking=summary", "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintNMTStatistics", "-version"));
    MemoryReadings.Nmt nmt = MemoryReadings.nativeMemory(out);
    assertThat(nmt.committedByName()).containsKeys("Java Heap", "Class", "Thread", "Code");
    long sum = nmt.categories().stream().mapToLong(MemoryReadings.NmtCategory::committedKb).sum();
    // Each figure is rounded down to KiB on its own, so the sum may differ from the total by a little.
    assertThat(sum).isBetween(nmt.totalCommittedKb() - 64, nmt.totalCommittedKb() + 64);
    assertThat(nmt.byCommitted().get(0).committedKb()).isEqualTo(
        nmt.categories().stream().mapToLong(MemoryReadings.NmtCategory::committedKb).max().orElseThrow());
    assertThat(nmt.threads()).isPositive();
  }

  @Test
  void nativeMemory_jcmdUnits_readAsKib() {
    MemoryReadings.Nmt nmt = MemoryReadings.nativeMemory(
        "Total: reserved=3MB, committed=2048KB\n-                 Java Heap (reserved=2MB, committed=1MB)\n"
            + "-                    Thread (reserved=1024KB, committed=1024KB)\n                            (thread #7)\n");
    assertThat(nmt.totalCommittedKb()).isEqualTo(2048);
    assertThat(nmt.committedByName()).containsEntry("Java Heap", 1024L).containsEntry("Thread", 1024L);
    assertThat(nmt.threads()).isEqualTo(7);
  }

  @Test
  void nativeMemory_trackingOff_saysHowToTurnItOn() throws Exception {
    String out = run(List.of(tool("jcmd"), Long.toString(ProcessHandle.current().pid()), "VM.native_memory", "summary"));
    assertThatThrownBy(() -> MemoryReadings.nativeMemory(out)).hasMessageContaining("-XX:NativeMemoryTracking=summary");
  }

  @Test
  void nativeMemory_garbage_namesTheMissingLine() {
    assertThatThrownBy(() -> MemoryReadings.nativeMemory("hello")).hasMessageContaining("Total:");
    assertThatThrownBy(() -> MemoryReadings.nativeMemory("Total: reserved=10KB, committed=5KB\n- broken"))
        .hasMessageContaining("Category");
  }

  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
