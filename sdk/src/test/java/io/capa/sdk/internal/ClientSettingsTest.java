package io.capa.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.sdk.api.Mode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
  private static ClientSettings resolve(Map<String, String> env, Optional<String> host, Optional<Integer> port,
      Optional<Optional<String>> token) {
    Function<String, String> lookup = env::get;
    return ClientSettings.resolve("app", host, port, token, Optional.empty(), Mode.SIDECAR, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), lookup);
  }

  @Test
  void resolve_nothingSet_takesReferenceConfDefaults() {
    ClientSettings s = resolve(Map.of(), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(s.endpoint()).isEqualTo("127.0.0.1:50001");
    assertThat(s.apiToken()).isEmpty();
    assertThat(s.connectTimeout()).isPositive();
    assertThat(s.callTimeout()).isPositive();
    assertThat(s.sdkVersion()).isNotBlank().doesNotContain("${");
    assertThat(s.actorSystemConfig().getString("pekko.actor.provider")).isEqualTo("local");
  }

  @Test
  void resolve_environmentSet_usedWhenBuilderIsSilent() {
    ClientSettings s = resolve(Map.of("CAPA_RUNTIME_HOST", "runtime.local", "CAPA_GRPC_PORT", " 50123 ",
        "CAPA_API_TOKEN", "tok"), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(s.endpoint()).isEqualTo("runtime.local:50123");
    assertThat(s.apiToken()).contains("tok");
  }

  @Test
  void resolve_builderAndEnvironment_builderWins() {
    ClientSettings s = resolve(Map.of("CAPA_RUNTIME_HOST", "runtime.local", "CAPA_GRPC_PORT", "50123",
        "CAPA_API_TOKEN", "tok"), Optional.of("10.1.1.1"), Optional.of(6000), Optional.of(Optional.empty()));

    assertThat(s.endpoint()).isEqualTo("10.1.1.1:6000");
    assertThat(s.apiToken()).as("an explicit null token means none").isEmpty();
  }

  @Test
  void resolve_garbagePortInEnvironment_failsNamingTheVariable() {
    Throwable t = catchThrowable(() -> resolve(Map.of("CAPA_GRPC_PORT", "fifty"), Optional.empty(), Optional.empty(),
        Optional.empty()));
    Throwable range = catchThrowable(() -> resolve(Map.of("CAPA_GRPC_PORT", "70000"), Optional.empty(),
        Optional.empty(), Optional.empty()));

    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAPA_GRPC_PORT")
        .hasMessageContaining("fifty");
    assertThat(range).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAPA_GRPC_PORT")
        .hasMessageContaining("70000");
  }

  @Test
  void resolve_badBuilderValues_failNamingTheSetting() {
    assertThat(catchThrowable(() -> resolve(Map.of(), Optional.of(" "), Optional.empty(), Optional.empty())))
        .hasMessageContaining("runtime host");
    assertThat(catchThrowable(() -> resolve(Map.of(), Optional.empty(), Optional.of(0), Optional.empty())))
        .hasMessageContaining("runtime port");
    assertThat(catchThrowable(() -> resolve(Map.of(), Optional.empty(), Optional.empty(), Optional.of(Optional.of("")))))
        .hasMessageContaining("apiToken");
    assertThat(catchThrowable(() -> ClientSettings.resolve(" ", Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Mode.SIDECAR, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        k -> null))).hasMessageContaining("appId");
    assertThat(catchThrowable(() -> ClientSettings.resolve("a", Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Mode.SDK, Optional.of(Mode.SDK), Optional.empty(), Optional.empty(), Optional.empty(),
        k -> null))).hasMessageContaining("fallback");
    assertThat(catchThrowable(() -> ClientSettings.resolve("a", Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Mode.SDK, Optional.empty(), Optional.of(Duration.ZERO), Optional.empty(), Optional.empty(),
        k -> null))).hasMessageContaining("connectTimeout");
  }

  @Test
  void backoff_delay_growsByMultiplierAndStopsAtMax() {
    ClientSettings.Backoff b = new ClientSettings.Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);

    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(10_000)).isEqualTo(Duration.ofSeconds(2));
    assertThat(catchThrowable(() -> new ClientSettings.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0)))
        .hasMessageContaining("max-backoff");
    assertThat(catchThrowable(() -> new ClientSettings.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Double.NaN))).hasMessageContaining("multiplier");
  }
}
