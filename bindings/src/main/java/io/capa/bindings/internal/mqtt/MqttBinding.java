package io.capa.bindings.internal.mqtt;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.Direction;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputEvent;
import io.capa.bindings.spi.InputSettings;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.spi.ComponentHealth;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.connectors.mqtt.MqttConnectionSettings;
import org.apache.pekko.stream.connectors.mqtt.MqttQoS;
import org.apache.pekko.stream.connectors.mqtt.MqttSubscriptions;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttMessageWithAck;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttSource;
import org.apache.pekko.stream.javadsl.Source;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * INTERNAL API. {@code bindings.mqtt3}: input through the connector's {@code MqttSource.atLeastOnce}
 * (manual acknowledgement: the PUBACK goes to the broker only after the target handled the
 * message); output through a Paho client publishing at QoS 1, each call completing on the broker's
 * PUBACK (the connector's sink reports no per-message result).
 */
final class MqttBinding implements InputBinding, OutputBinding {
  private static final Set<String> OPERATIONS = Set.of("create");

  private final String name;
  private final MqttSettings settings;
  private final InputSettings inputSettings;
  private final MqttAsyncClient publisher;
  private final ScheduledFuture<?> connector;
  private volatile String lastError = "not connected yet";

  MqttBinding(String name, MqttSettings settings, InputSettings inputSettings, ScheduledExecutorService scheduler)
      throws MqttException {
    this.name = name;
    this.settings = settings;
    this.inputSettings = inputSettings;
    this.publisher = new MqttAsyncClient(settings.url(), settings.clientId() + "-pub", new MemoryPersistence());
    this.connector = scheduler.scheduleWithFixedDelay(this::connectIfNeeded, 0, 1, TimeUnit.SECONDS);
  }

  private void connectIfNeeded() {
    if (publisher.isConnected()) {
      return;
    }
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setConnectionTimeout(5);
    settings.username().ifPresent(options::setUserName);
    settings.password().ifPresent(p -> options.setPassword(p.toCharArray()));
    try {
      publisher.connect(options, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          lastError = "";
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          lastError = "cannot connect to " + settings.url() + ": " + error.getMessage();
        }
      });
    } catch (MqttException e) {
      // Already connecting or connected: the next tick looks again.
      if (e.getReasonCode() != MqttException.REASON_CODE_CONNECT_IN_PROGRESS
          && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_CONNECTED) {
        lastError = "cannot connect to " + settings.url() + ": " + e.getMessage();
      }
    }
  }

  @Override
  public Direction direction() {
    return settings.direction();
  }

  @Override
  public ComponentHealth health() {
    return publisher.isConnected() ? ComponentHealth.UP : ComponentHealth.down(lastError.isEmpty() ? "disconnected" : lastError);
  }

  @Override
  public InputSettings inputSettings() {
    return inputSettings;
  }

  @Override
  public Source<InputEvent, ?> events() {
    MqttConnectionSettings connection = MqttConnectionSettings.create(settings.url(), settings.clientId(), new MemoryPersistence())
        // A persistent session: messages not acknowledged before a crash are sent again.
        .withCleanSession(settings.cleanSession())
        .withAutomaticReconnect(false);
    if (settings.username().isPresent()) {
      connection = connection.withAuth(settings.username().get(), settings.password().orElse(""));
    }
    return MqttSource.atLeastOnce(connection, MqttSubscriptions.create(settings.topic(), qos()), 64)
        .map(MqttEvent::new);
  }

  private MqttQoS qos() {
    return settings.qos() == 0 ? MqttQoS.atMostOnce() : settings.qos() == 2 ? MqttQoS.exactlyOnce() : MqttQoS.atLeastOnce();
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    String topic = request.metadata().getOrDefault("topic", settings.topic());
    if (topic.contains("#") || topic.contains("+")) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.INVALID_REQUEST,
          "binding '" + name + "': cannot publish to the wildcard topic '" + topic + "'"));
    }
    if (!publisher.isConnected()) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED,
          "binding '" + name + "': " + (lastError.isEmpty() ? "disconnected" : lastError)));
    }
    MqttMessage message = new MqttMessage(request.data());
    message.setQos(settings.qos());
    message.setRetained(Boolean.parseBoolean(request.metadata().getOrDefault("retain", String.valueOf(settings.retain()))));
    CompletableFuture<BindingResponse> done = new CompletableFuture<>();
    try {
      publisher.publish(topic, message, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          done.complete(new BindingResponse(new byte[0], Map.of("topic", topic)));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          done.completeExceptionally(new CapaException(ErrorCode.COMPONENT_FAILED,
              "binding '" + name + "': publish to " + topic + " failed: " + error.getMessage(), error));
        }
      });
    } catch (MqttException | IllegalArgumentException e) {
      done.completeExceptionally(new CapaException(ErrorCode.COMPONENT_FAILED,
          "binding '" + name + "': publish to " + topic + " failed: " + e.getMessage(), e));
    }
    return done;
  }

  @Override
  public void close() {
    connector.cancel(false);
    try {
      if (publisher.isConnected()) {
        publisher.disconnect().waitForCompletion(2000);
      }
      publisher.close(true);
    } catch (MqttException e) {
      // Closing: nothing left to do with the error.
    }
  }

  /** One received message; acknowledging sends the PUBACK. */
  private record MqttEvent(MqttMessageWithAck message) implements InputEvent {
    @Override
    public byte[] data() {
      return message.message().payload().toArray();
    }

    @Override
    public Map<String, String> metadata() {
      return Map.of("topic", message.message().topic());
    }

    @Override
    public String orderingKey() {
      return message.message().topic();
    }

    @Override
    public CompletionStage<Void> ack() {
      return message.ack().thenApply(d -> null);
    }
  }
}
