package io.capa.benchmarks.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SidecarOptionsTest {
  @Test
  void concurrency_list_parsed() {
    assertThat(SidecarInvoke.concurrency("1, 64,256")).containsExactly(1, 64, 256);
  }

  @Test
  void concurrency_garbage_rejectedWithTheValue() {
    assertThatThrownBy(() -> SidecarInvoke.concurrency("1,lots")).hasMessageContaining("'1,lots'");
    assertThatThrownBy(() -> SidecarInvoke.concurrency("0")).hasMessageContaining(">= 1");
  }

  @Test
  void parseVariants_collectorOption_replacesTheLaunchersCollector() {
    List<SidecarFootprint.Variant> v = SidecarFootprint.parseVariants("serial=-XX:+UseSerialGC -Xmx128m;cds=appcds");
    assertThat(v).hasSize(2);
    assertThat(v.get(0).jvmOptions()).contains("-XX:+UseSerialGC", "-Xmx128m").doesNotContain("-XX:+UseParallelGC")
        .contains("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4");
    assertThat(v.get(1).jvmOptions()).containsExactly("appcds");
    assertThat(SidecarFootprint.parseVariants("none")).isEmpty();
  }

  @Test
  void parseVariants_garbage_namesTheItem() {
    assertThatThrownBy(() -> SidecarFootprint.parseVariants("justaname")).hasMessageContaining("'justaname'");
    assertThatThrownBy(() -> SidecarFootprint.parseVariants("x=Xmx1g")).hasMessageContaining("'Xmx1g'")
        .hasMessageContaining("not a JVM option");
  }

  @Test
  void failures_countedByCauseWithIdsMasked() {
    Failures f = new Failures();
    f.watch(() -> CompletableFuture.failedFuture(new IllegalStateException("invoke Counter/c1 get: down")));
    f.watch(() -> CompletableFuture.failedFuture(new IllegalStateException("invoke Counter/c22 get: down")));
    f.watch(() -> CompletableFuture.completedFuture("fine"));
    assertThat(f.drain()).containsExactly(java.util.Map.entry("invoke Counter/* get: down", 2L));
    assertThat(f.drain()).isEmpty();
  }
}
