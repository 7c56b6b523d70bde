package io.capa.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcBenchHelpersTest {
  @Test
  void chunk_holdsTheSharedPatternForEveryIndex() {
    StreamBench.Chunks c = new StreamBench.Chunks(1000);
    for (long k : new long[] {0, 1, 2, 255, 256, 1999}) {
      ByteBuffer b = c.chunk(k);
      assertThat(b.remaining()).isEqualTo(1000);
      for (int j = 0; j < 1000; j++) {
        assertThat(b.get(b.position() + j)).as("chunk %d byte %d", k, j).isEqualTo((byte) ((k * 131 + j * 7) & 0xff));
      }
    }
  }

  @Test
  void parseResult_readsKeyValueFields() {
    Map<String, String> f = CppConformance.parseResult("bench-echo",
        "bench-echo size=64 concurrency=16 calls=60595 seconds=2.000 calls_per_s=30291.6 p50_us=545.2 p99_us=704.0");
    assertThat(f).containsEntry("size", "64").containsEntry("p99_us", "704.0").hasSize(7);
    assertThat(CppConformance.number(f, "calls_per_s")).isEqualTo(30291.6);
  }

  @Test
  void parseResult_otherCommandsLineIsRejected() {
    assertThatThrownBy(() -> CppConformance.parseResult("bench-echo", "bench-stream bytes=1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bench-stream bytes=1");
  }

  @Test
  void number_missingKeyIsAnError() {
    assertThatThrownBy(() -> CppConformance.number(Map.of("a", "1"), "b")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void settings_parsePayloadAndConcurrencyPairs() {
    assertThat(CppCompare.Setting.parse("64:16, 16384:256,"))
        .containsExactly(new CppCompare.Setting(64, 16), new CppCompare.Setting(16384, 256));
    assertThatThrownBy(() -> CppCompare.Setting.parse("64")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentile_isNearestRank() {
    PipelineChain.Series s = new PipelineChain.Series(new double[] {5, 1, 4, 2, 3});
    assertThat(s.percentile(50)).isEqualTo(3);
    assertThat(s.percentile(99)).isEqualTo(5);
    assertThat(s.percentile(20)).isEqualTo(1);
  }
}
