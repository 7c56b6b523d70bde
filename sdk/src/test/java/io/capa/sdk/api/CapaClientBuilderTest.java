package io.capa.sdk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapaClientBuilderTest {
  @Test
  void build_withoutAppId_failsNamingIt() {
    Throwable t = catchThrowable(() -> CapaClient.builder().environment(k -> null).build());

    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appId");
  }

  @Test
  void build_garbagePortInEnvironment_failsNamingTheVariable() {
    Throwable t = catchThrowable(() -> CapaClient.builder().appId("a")
        .environment(Map.of("CAPA_GRPC_PORT", "50001x")::get).build());

    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAPA_GRPC_PORT")
        .hasMessageContaining("50001x");
  }

  @Test
  void build_runtimeFromEnvironment_isWhereItConnects() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = Map.of("CAPA_RUNTIME_HOST", "127.0.0.1", "CAPA_GRPC_PORT", Integer.toString(port));

    try (CapaClient c = CapaClient.builder().appId("env-app").environment(env::get).fallback(Mode.SDK).build()) {
      assertThat(c.appId()).isEqualTo("env-app");
      assertThat(c.mode()).isEqualTo(Mode.SDK);
      assertThat(c.decision().reason()).contains("127.0.0.1:" + port);
      assertThat(c.toString()).contains("disconnected");
    }
  }

  @Test
  void hostOptions_badValues_failNamingThem() {
    assertThat(catchThrowable(() -> HostOptions.defaults().withTurnTimeout(java.time.Duration.ZERO)))
        .hasMessageContaining("turnTimeout");
    assertThat(catchThrowable(() -> HostOptions.defaults().withReentrancy(true, -1)))
        .hasMessageContaining("maxReentrancyDepth");
  }
}
