package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.AMQP;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;

/**
 * INTERNAL API. {@code bindings.rabbitmq} over the RabbitMQ Java client: output {@code create}
 * publishes to the default exchange (routing key: the queue, or the request's {@code routingKey})
 * and completes on the publisher confirm; input consumes the queue with manual acks.
 */
final class RabbitBinding implements InputBinding, OutputBinding {
  static final Set<String> OPERATIONS = Set.of("create");
  /** Request metadata the binding reads itself; every other entry becomes a message header. */
  private static final Set<String> RESERVED = Set.of("ttlInSeconds", "priority", "contentType", "routingKey");

  private final String name;
  private final RabbitSettings settings;
  private final InputSettings inputSettings;
  private final RabbitConnection connection;
  private final RabbitPublisher publisher;
  private final RabbitConsumer consumer;

  RabbitBinding(String name, RabbitSettings settings, InputSettings inputSettings, RabbitConnection.Factory connections,
      RabbitPublisher publisher, java.util.concurrent.ScheduledExecutorService scheduler) {
    this.name = name;
    this.settings = settings;
    this.inputSettings = inputSettings;
    this.publisher = publisher;
    this.connection = connections.open(c -> {
      if (settings.direction().output()) {
        publisher.attach(c);
      }
    });
    this.consumer = new RabbitConsumer(settings, connection, scheduler);
  }

  @Override
  public Direction direction() {
    return settings.direction();
  }

  @Override
  public ComponentHealth health() {
    return connection.health();
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

  /** One lane whose end closes its channel (the default lane would outlive the runtime's pull). */
  @Override
  public Source<Source<InputEvent, NotUsed>, ?> lanes() {
    return Source.fromMaterializer((mat, attributes) -> {
      SharedKillSwitch laneEnd = KillSwitches.shared("rabbitmq-" + name);
      Source<InputEvent, NotUsed> lane = consumer.source().via(laneEnd.flow());
      return Source.single(lane).concat(Source.never())
          .watchTermination((m, done) -> {
            done.whenComplete((d, e) -> laneEnd.shutdown());
            return m;
          });
    });
  }

  /** A message its target kept refusing goes back to the queue, as Dapr's binding does. */
  @Override
  public CompletionStage<Void> deadLetter(InputEvent event, Throwable lastError) {
    return ((RabbitEvent) event).requeue();
  }

  // ---- output ----

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    if (!settings.direction().output()) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.NOT_SUPPORTED,
          "binding '" + name + "' is an input binding only (direction metadata)"));
    }
    AMQP.BasicProperties properties;
    try {
      properties = properties(request.metadata());
    } catch (CapaException e) {
      return CompletableFuture.failedStage(e);
    }
    if (!connection.health().up()) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED,
          "binding '" + name + "': " + connection.health().detail()));
    }
    String routingKey = request.metadata().getOrDefault("routingKey", settings.queueName());
    return publisher.publish(routingKey, properties, request.data())
        .thenApply(v -> new BindingResponse(new byte[0], Map.of("routingKey", routingKey)));
  }

  private AMQP.BasicProperties properties(Map<String, String> md) {
    AMQP.BasicProperties.Builder b = new AMQP.BasicProperties.Builder()
        .contentType(md.getOrDefault("contentType", settings.contentType()))
        .deliveryMode(settings.durable() ? 2 : 1);
    if (md.containsKey("ttlInSeconds")) {
      long ttl = number(md, "ttlInSeconds", 0, Long.MAX_VALUE / 1000);
      b.expiration(String.valueOf(ttl * 1000));
    }
    if (md.containsKey("priority")) {
      b.priority((int) number(md, "priority", 0, 255));
    }
    Map<String, Object> headers = new HashMap<>();
    md.forEach((k, v) -> {
      if (!RESERVED.contains(k)) {
        headers.put(k, v);
      }
    });
    return b.headers(headers.isEmpty() ? null : headers).build();
  }

  private static long number(Map<String, String> md, String field, long min, long max) {
    String raw = md.get(field);
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "metadata " + field + ": '" + raw + "' is not a whole number");
    }
    if (v < min || v > max) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "metadata " + field + ": " + v + " is not between " + min + " and " + max);
    }
    return v;
  }

  @Override
  public void close() {
    connection.close();
  }
}
