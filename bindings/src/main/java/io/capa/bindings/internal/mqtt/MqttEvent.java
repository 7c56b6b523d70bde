package io.capa.bindings.internal.mqtt;

import io.capa.bindings.spi.InputEvent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * INTERNAL API. One received message; {@link #ack()} sends its PUBACK through the client that
 * received it (manual acknowledgement), so a message the runtime never handled stays with the broker.
 */
record MqttEvent(MqttAsyncClient client, String topic, MqttMessage message) implements InputEvent {

  @Override
  public byte[] data() {
    return message.getPayload();
  }

  @Override
  public Map<String, String> metadata() {
    return Map.of("topic", topic, "qos", String.valueOf(message.getQos()),
        "retained", String.valueOf(message.isRetained()), "duplicate", String.valueOf(message.isDuplicate()));
  }

  /** MQTT keeps order per topic, so the topic is the ordering key. */
  @Override
  public String orderingKey() {
    return topic;
  }

  @Override
  public CompletionStage<Void> ack() {
    try {
      client.messageArrivedComplete(message.getId(), message.getQos());
      return CompletableFuture.completedFuture(null);
    } catch (MqttException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
