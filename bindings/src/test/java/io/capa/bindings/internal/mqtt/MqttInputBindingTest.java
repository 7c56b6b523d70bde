package io.capa.bindings.internal.mqtt;

import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** {@code bindings.mqtt3} input against the shared Mosquitto on 127.0.0.1:1883, a topic per test. */
class MqttInputBindingTest extends InputBindingConformance {
  private static final String URL = "tcp://127.0.0.1:1883";
  private String topic;
  private String clientId;

  @Override
  protected void prepareSource() throws Exception {
    topic = "capa/test/" + UUID.randomUUID();
    clientId = "capa-in-" + UUID.randomUUID().toString().substring(0, 18);
    // Open the persistent session first, so messages published before the binding subscribes wait for it.
    MqttClient session = new MqttClient(URL, clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    session.connect(options);
    session.subscribe(topic, 1);
    session.disconnect();
    session.close();
  }

  @Override
  protected InputBinding createBinding() throws Exception {
    return (InputBinding) new MqttBindingFactory().create(TestConfigs.config(NAME, "bindings.mqtt3", Map.of(
        "url", URL, "topic", topic, "consumerID", clientId, "qos", "1", "direction", "input",
        "maxRetries", "2", "retryBackoff", "20ms")), TestConfigs.context());
  }

  @Override
  protected void publish(String value, String key) throws Exception {
    MqttClient client = new MqttClient(URL, "capa-pub-" + UUID.randomUUID().toString().substring(0, 18), new MemoryPersistence());
    client.connect();
    client.publish(topic, value.getBytes(StandardCharsets.UTF_8), 1, false);
    client.disconnect();
    client.close();
  }
}
