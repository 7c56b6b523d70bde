package io.capa.bindings.internal.mqtt;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;

/** The output conformance suite against the shared mosquitto; a plain subscriber sees the effect. */
class MqttOutputBindingTest extends OutputBindingConformance {
  private MqttClient reader;
  private List<String> received;
  private String topic;

  @Override
  protected OutputBinding createBinding() throws Exception {
    topic = MqttTesting.topic();
    reader = MqttTesting.client(MqttTesting.SHARED);
    received = MqttTesting.subscribe(reader, topic);
    return (OutputBinding) new MqttBindingFactory().create(TestConfigs.config(NAME, "bindings.mqtt3", Map.of(
        "url", MqttTesting.SHARED,
        "topic", topic,
        "consumerID", "capa-out-" + UUID.randomUUID(),
        "direction", "output")), TestConfigs.context());
  }

  @AfterEach
  void closeReader() {
    MqttTesting.close(reader);
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "create", ("payload-" + n).getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) {
    assertThat(response.metadata()).containsEntry("topic", topic);
    String payload = new String(sent.data(), StandardCharsets.UTF_8);
    await(payload + " at the subscriber: " + received, 30, () -> received.contains(payload));
  }
}
