package io.capa.bindings.internal.mqtt;

import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;

/** The input conformance suite against the shared mosquitto, on a fresh topic and client id per test. */
class MqttInputBindingTest extends InputBindingConformance {
  private static MqttClient publisher;
  private String topic;
  private String clientId;

  @Override
  protected void prepareSource() throws Exception {
    topic = MqttTesting.topic();
    clientId = "capa-in-" + UUID.randomUUID();
    if (publisher == null) {
      publisher = MqttTesting.client(MqttTesting.SHARED);
    }
  }

  @AfterAll
  static void closePublisher() {
    if (publisher != null) {
      MqttTesting.close(publisher);
      publisher = null;
    }
  }

  @Override
  protected InputBinding createBinding() {
    return (InputBinding) new MqttBindingFactory().create(TestConfigs.config(NAME, "bindings.mqtt3", Map.of(
        "url", MqttTesting.SHARED,
        "topic", topic,
        "consumerID", clientId,
        "direction", "input",
        "maxRetries", "2",
        "retryBackoff", "20ms")), TestConfigs.context());
  }

  @Override
  protected void publish(String value, String key) throws Exception {
    MqttTesting.publish(publisher, topic, value);
  }
}
