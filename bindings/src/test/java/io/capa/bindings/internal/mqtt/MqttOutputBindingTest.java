package io.capa.bindings.internal.mqtt;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code bindings.mqtt3} output against the shared Mosquitto on 127.0.0.1:1883, a topic per test. */
class MqttOutputBindingTest extends OutputBindingConformance {
  private static final String URL = "tcp://127.0.0.1:1883";
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private MqttClient subscriber;
  private String topic;

  @Override
  protected OutputBinding createBinding() throws Exception {
    topic = "capa/test/" + UUID.randomUUID();
    subscriber = new MqttClient(URL, "capa-sub-" + UUID.randomUUID().toString().substring(0, 18), new MemoryPersistence());
    subscriber.connect();
    subscriber.subscribe(topic, 1, (t, m) -> seen.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
    return create(URL);
  }

  private OutputBinding create(String url) throws Exception {
    return (OutputBinding) new MqttBindingFactory().create(TestConfigs.config(NAME, "bindings.mqtt3", Map.of(
        "url", url, "topic", topic, "consumerID", "capa-out-" + UUID.randomUUID().toString().substring(0, 18),
        "direction", "output")), TestConfigs.context());
  }

  @AfterEach
  void closeSubscriber() throws Exception {
    subscriber.disconnect();
    subscriber.close();
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "create", ("m" + n).getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) {
    String value = new String(sent.data(), StandardCharsets.UTF_8);
    assertThat(response.metadata()).containsEntry("topic", topic);
    await("message " + value + " at the subscriber", 30, () -> seen.contains(value));
  }

  @Test
  void invoke_wildcardTopic_isRefused() {
    assertThatThrownBy(() -> service.invoke(new BindingRequest(NAME, "create", new byte[0], Map.of("topic", "a/#")))
            .toCompletableFuture().join())
        .cause().isInstanceOf(CapaException.class).hasMessageContaining("wildcard");
  }

  @Test
  void create_badUrlOrQos_namesTheField() throws Exception {
    assertThatThrownBy(() -> create("http://x")).hasMessageContaining("url");
    assertThatThrownBy(() -> new MqttBindingFactory().create(TestConfigs.config(NAME, "bindings.mqtt3", Map.of(
        "url", URL, "topic", "t", "qos", "3")), TestConfigs.context())).hasMessageContaining("qos");
  }

  @Test
  void brokerDown_isUnhealthyAndFailsFast() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OutputBinding down = create("tcp://127.0.0.1:" + port);
    try {
      await("a failed connection", 30, () -> down.health().detail().contains("cannot connect"));
      assertThatThrownBy(() -> down.invoke(BindingRequest.of(NAME, "create", new byte[] {1})).toCompletableFuture().join())
          .cause().isInstanceOf(CapaException.class).hasMessageContaining("cannot connect");
    } finally {
      down.close();
    }
  }
}
