package io.capa.bindings.internal.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import io.capa.bindings.testing.TestConfigs;

/** Plain Paho clients that publish or read for the tests, beside the binding. */
final class MqttTesting {
  static final String SHARED = "tcp://127.0.0.1:1883";

  private MqttTesting() {}

  static String topic() {
    return "capa-test/" + UUID.randomUUID();
  }

  static MqttClient client(String url) throws MqttException {
    MqttClient c = new MqttClient(url, "t-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setMaxInflight(1024);
    c.connect(o);
    return c;
  }

  static void publish(MqttClient c, String topic, String value) throws MqttException {
    c.publish(topic, value.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** A subscriber that records payloads of {@code topic} as text. */
  static List<String> subscribe(MqttClient c, String topic) throws MqttException {
    List<String> got = new CopyOnWriteArrayList<>();
    c.subscribe(topic, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
    return got;
  }

  static MqttBinding create(Map<String, String> metadata) {
    return (MqttBinding) new MqttBindingFactory().create(
        TestConfigs.config("mq", "bindings.mqtt3", metadata), TestConfigs.context());
  }

  static void close(MqttClient c) {
    try {
      c.disconnectForcibly(0, 1000);
      c.close();
    } catch (MqttException e) {
      // already gone
    }
  }
}
