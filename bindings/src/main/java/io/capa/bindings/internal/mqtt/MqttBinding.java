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
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentHealth;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * INTERNAL API. {@code bindings.mqtt3} over Eclipse Paho: output {@code create} publishes and
 * completes on the broker's acknowledgement; input subscribes with manual acknowledgements, so a
 * message is acknowledged only after its target handled it.
 */
final class MqttBinding implements InputBinding, OutputBinding {
  static final Set<String> OPERATIONS = Set.of("create");

  private final String name;
  private final MqttSettings settings;
  private final InputSettings inputSettings;
  private final MqttProducer producer;
  private final MqttConsumer consumer;
  private volatile ComponentHealth consumerHealth;

  MqttBinding(String name, MqttSettings settings, InputSettings inputSettings, ComponentContext context)
      throws MqttException {
    this.name = name;
    this.settings = settings;
    this.inputSettings = inputSettings;
    this.consumerHealth = ComponentHealth.down("not subscribed to '" + settings.topic() + "' yet");
    this.producer = settings.direction().output()
        ? new MqttProducer(settings, context.scheduler(), context.blockingExecutor()) : null;
    this.consumer = new MqttConsumer(settings, context.scheduler(), context.blockingExecutor(),
        h -> consumerHealth = h);
  }

  @Override
  public Direction direction() {
    return settings.direction();
  }

  /** Down while a side the direction enables is not connected (the input side: not subscribed). */
  @Override
  public ComponentHealth health() {
    if (producer != null && !producer.health().up()) {
      return producer.health();
    }
    return settings.direction().input() ? consumerHealth : ComponentHealth.UP;
  }

  // ---- input ----

  @Override
  public InputSettings inputSettings() {
    return inputSettings;
  }

  @Override
  public Source<InputEvent, ?> events() {
    return consumer.source();
  }

  /**
   * One lane whose end ends the connection: the default single lane would keep the subscription
   * running after the runtime stopped pulling lanes, holding the client id.
   */
  @Override
  public Source<Source<InputEvent, NotUsed>, ?> lanes() {
    return Source.fromMaterializer((mat, attributes) -> {
      SharedKillSwitch laneEnd = KillSwitches.shared("mqtt-" + name);
      Source<InputEvent, NotUsed> lane = consumer.source().via(laneEnd.flow());
      return Source.single(lane).concat(Source.never())
          .watchTermination((m, done) -> {
            done.whenComplete((d, e) -> laneEnd.shutdown());
            return m;
          });
    });
  }

  /** Whether an input run is still taking messages (it ends when the runtime stops the binding). */
  boolean consuming() {
    return consumer.consuming();
  }

  // ---- output ----

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    if (producer == null) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.NOT_SUPPORTED,
          "binding '" + name + "' is an input binding only (direction metadata)"));
    }
    Map<String, String> md = request.metadata();
    String topic = md.getOrDefault("topic", settings.topic()).trim();
    if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
      return invalid("metadata topic: '" + topic + "' is not a topic to publish to (empty or with a wildcard)");
    }
    boolean retain = settings.retain();
    String rawRetain = md.get("retain");
    if (rawRetain != null) {
      switch (rawRetain.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> retain = true;
        case "false" -> retain = false;
        default -> {
          return invalid("metadata retain: '" + rawRetain + "' is not true or false");
        }
      }
    }
    return producer.publish(topic, request.data(), settings.qos(), retain)
        .thenApply(v -> new BindingResponse(new byte[0], Map.of("topic", topic)));
  }

  private static CompletionStage<BindingResponse> invalid(String message) {
    return CompletableFuture.failedStage(new CapaException(ErrorCode.INVALID_REQUEST, message));
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
