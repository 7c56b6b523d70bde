package io.capa.benchmarks.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadyLineTest {
  private static final String LINE = "capa ready: http=127.0.0.1:41557 rpc=127.0.0.1:46033 metrics=127.0.0.1:45163"
      + " actors=[Counter] persistence=h2 (/tmp/x) in 6299 ms";

  @Test
  void parse_launcherLine_readsPortsAndStartup() {
    ReadyLine r = ReadyLine.parse(LINE);
    assertThat(r.rpcHost()).isEqualTo("127.0.0.1");
    assertThat(r.rpcPort()).isEqualTo(46033);
    assertThat(r.httpPort()).isEqualTo(41557);
    assertThat(r.startupMillis()).isEqualTo(6299);
  }

  @Test
  void parse_otherLine_namesThePrefix() {
    assertThatThrownBy(() -> ReadyLine.parse("capa stopping")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a ready line");
    assertThatThrownBy(() -> ReadyLine.parse(null)).hasMessageContaining("not a ready line");
  }

  @Test
  void parse_missingRpc_namesRpc() {
    assertThatThrownBy(() -> ReadyLine.parse(LINE.replace("rpc=127.0.0.1:46033 ", "")))
        .hasMessageContaining("rpc=HOST:PORT");
  }

  @Test
  void parse_missingStartup_namesIt() {
    assertThatThrownBy(() -> ReadyLine.parse(LINE.replace(" in 6299 ms", ""))).hasMessageContaining("in N ms");
  }

  @Test
  void parse_portOutOfRange_namesThePort() {
    assertThatThrownBy(() -> ReadyLine.parse(LINE.replace(":46033", ":70000"))).hasMessageContaining("rpc port must be 1..65535");
    assertThatThrownBy(() -> ReadyLine.parse(LINE.replace(":46033", ":99999999999"))).hasMessageContaining("rpc port is not a number");
  }
}
