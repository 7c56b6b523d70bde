package io.capa.telemetry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.runtime.api.RuntimeConfig;
import io.capa.telemetry.api.TelemetrySettings.Protocol;
import org.junit.jupiter.api.Test;

class TelemetrySettingsTest {
  @Test
  void from_defaults_isOffAndNamedAfterTheApp() {
    TelemetrySettings s = TelemetrySettings.from(RuntimeConfig.load("appId: orders\n", "c.yaml"));

    assertThat(s.enabled()).isFalse();
    assertThat(s.serviceName()).isEqualTo("orders");
    assertThat(s.samplingRatio()).isEqualTo(1.0);
    assertThat(Telemetry.create(s)).isSameAs(Telemetry.noop());
  }

  @Test
  void from_daprTracingKeys_turnTelemetryOn() {
    String yaml = "tracing:\n  samplingRate: \"0.5\"\n  otel:\n    endpointAddress: collector:4318\n"
        + "    protocol: http\n    isSecure: true\n";
    TelemetrySettings s = TelemetrySettings.from(RuntimeConfig.load(yaml, "c.yaml"));

    assertThat(s.enabled()).isTrue();
    assertThat(s.samplingRatio()).isEqualTo(0.5);
    assertThat(s.protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);
    assertThat(s.endpointUrl()).isEqualTo("https://collector:4318");
  }

  @Test
  void endpointUrl_keepsAGivenScheme() {
    TelemetrySettings s = TelemetrySettings.otlp("a", "http://127.0.0.1:4318/", Protocol.HTTP_PROTOBUF);

    assertThat(s.endpointUrl()).isEqualTo("http://127.0.0.1:4318");
  }

  @Test
  void constructor_ratioOutsideZeroToOne_isRefused() {
    assertThatThrownBy(() -> TelemetrySettings.inMemory("a", 1.5)).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> TelemetrySettings.inMemory("a", Double.NaN)).hasMessageContaining("between 0 and 1");
  }

  @Test
  void parse_unknownProtocol_namesTheAllowedOnes() {
    assertThatThrownBy(() -> Protocol.parse("zipkin")).hasMessageContaining("grpc, http, http/protobuf or in-memory");
    assertThat(Protocol.parse("HTTP/protobuf")).isEqualTo(Protocol.HTTP_PROTOBUF);
  }
}
