package io.capa.pubsub.internal;

import io.capa.pubsub.conformance.PubSubBrokerConformance;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

class MqttPubSubConformanceTest extends PubSubBrokerConformance {
  private static final String URL = "tcp://127.0.0.1:1883";

  @Override
  protected String type() {
    return "pubsub.mqtt3";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of("url", URL, "consumerID", APP + "-" + suffix);
  }

  /** Ends the persistent sessions this test's subscriptions left on the shared server. */
  @Override
  protected void cleanUp() throws Exception {
    MqttConnectOptions clean = new MqttConnectOptions();
    clean.setCleanSession(true);
    for (String id : ((MqttBroker) broker).subscriptionClientIds()) {
      MqttClient c = new MqttClient(URL, id, new MemoryPersistence());
      c.connect(clean);
      c.disconnect();
      c.close();
    }
  }
}
