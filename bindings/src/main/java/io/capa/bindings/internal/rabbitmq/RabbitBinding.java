package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
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
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;

/**
 * INTERNAL API. {@code bindings.rabbitmq}: input by a consumer with manual acknowledgements and a
 * prefetch window (the broker sends at most {@code prefetchCount} unacknowledged messages, which
 * bounds what the stream holds), each acked after the target handled it; output with publisher
 * confirms, each call completing when the broker confirmed its message.
 */
final class RabbitBinding implements InputBinding, OutputBinding {
  private static final Set<String> OPERATIONS = Set.of("create");

  private final String name;
  private final RabbitSettings settings;
  private final InputSettings inputSettings;
  private final ConnectionFactory factory;
  private final Executor blocking;
  private final ScheduledFuture<?> connector;
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();
  private volatile Connection connection;
  private volatile Channel publisher;
  private volatile String lastError = "not connected yet";

  RabbitBinding(String name, RabbitSettings settings, InputSettings inputSettings, Executor blocking,
      ScheduledExecutorService scheduler) throws Exception {
    this.name = name;
    this.settings = settings;
    this.inputSettings = inputSettings;
    this.blocking = blocking;
    this.factory = new ConnectionFactory();
    factory.setUri(settings.host());
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5000);
    this.connector = scheduler.scheduleWithFixedDelay(this::connectIfNeeded, 0, 1, TimeUnit.SECONDS);
  }

  private void declare(Channel channel) throws IOException {
    Map<String, Object> args = new HashMap<>();
    settings.ttlInSeconds().ifPresent(t -> args.put("x-message-ttl", t * 1000));
    settings.maxPriority().ifPresent(p -> args.put("x-max-priority", p));
    channel.queueDeclare(settings.queueName(), settings.durable(), settings.exclusive(), settings.deleteWhenUnused(), args);
  }

  private synchronized void connectIfNeeded() {
    if (publisher != null && publisher.isOpen()) {
      return;
    }
    try {
      Connection c = factory.newConnection("capa-" + name + "-out");
      Channel ch = c.createChannel();
      declare(ch);
      ch.confirmSelect();
      ch.addConfirmListener((seq, multiple) -> settle(seq, multiple, null),
          (seq, multiple) -> settle(seq, multiple, "the broker refused (nack) the message"));
      c.addShutdownListener(cause -> {
        lastError = "connection lost: " + cause.getMessage();
        settleAll("connection lost: " + cause.getMessage());
      });
      connection = c;
      publisher = ch;
      lastError = "";
    } catch (Exception e) {
      lastError = "cannot connect to " + settings.host().getHost() + ":" + settings.host().getPort() + ": " + e.getMessage();
    }
  }

  private void settle(long seq, boolean multiple, String failure) {
    var settled = multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true);
    settled.forEach((k, f) -> {
      if (failure == null) {
        f.complete(null);
      } else {
        f.completeExceptionally(new CapaException(ErrorCode.COMPONENT_FAILED, "binding '" + name + "': " + failure));
      }
    });
    settled.clear();
  }

  private void settleAll(String failure) {
    if (!unconfirmed.isEmpty()) {
      settle(unconfirmed.lastKey(), true, failure);
    }
  }

  @Override
  public Direction direction() {
    return settings.direction();
  }

  @Override
  public ComponentHealth health() {
    Channel ch = publisher;
    return ch != null && ch.isOpen() ? ComponentHealth.UP : ComponentHealth.down(lastError.isEmpty() ? "disconnected" : lastError);
  }

  @Override
  public InputSettings inputSettings() {
    return inputSettings;
  }

  @Override
  public Source<InputEvent, ?> events() {
    return Source.<InputEvent>queue(settings.prefetchCount())
        .mapMaterializedValue(queue -> {
          Connection c = factory.newConnection("capa-" + name + "-in");
          Channel ch = c.createChannel();
          declare(ch);
          ch.basicQos(settings.prefetchCount());
          c.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
              queue.fail(cause);
            }
          });
          ch.basicConsume(settings.queueName(), false, new Deliveries(ch, queue));
          return c;
        })
        .watchTermination((c, done) -> {
          done.whenComplete((d, e) -> {
            try {
              c.close(2000);
            } catch (Exception ignored) {
              // Already closed by the broker or the network.
            }
          });
          return c;
        });
  }

  /** Hands each delivery to the stream; the prefetch window keeps the queue from overflowing. */
  private final class Deliveries extends DefaultConsumer {
    private final BoundedSourceQueue<InputEvent> queue;

    Deliveries(Channel channel, BoundedSourceQueue<InputEvent> queue) {
      super(channel);
      this.queue = queue;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      Map<String, String> md = new HashMap<>();
      md.put("queue", settings.queueName());
      md.put("redelivered", String.valueOf(envelope.isRedeliver()));
      if (props.getHeaders() != null) {
        props.getHeaders().forEach((k, v) -> md.put(k, String.valueOf(v)));
      }
      queue.offer(new RabbitEvent(getChannel(), envelope.getDeliveryTag(), body, Map.copyOf(md), settings.queueName(), blocking));
    }
  }

  private record RabbitEvent(Channel channel, long tag, byte[] data, Map<String, String> metadata, String orderingKey,
      Executor blocking) implements InputEvent {
    @Override
    public CompletionStage<Void> ack() {
      return CompletableFuture.runAsync(() -> {
        try {
          synchronized (channel) {
            channel.basicAck(tag, false);
          }
        } catch (IOException e) {
          throw new CapaException(ErrorCode.COMPONENT_FAILED, "ack failed: " + e.getMessage(), e);
        }
      }, blocking);
    }
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    Channel ch = publisher;
    if (ch == null || !ch.isOpen()) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED,
          "binding '" + name + "': " + (lastError.isEmpty() ? "disconnected" : lastError)));
    }
    AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().deliveryMode(2)
        .contentType(request.metadata().getOrDefault("contentType", "application/octet-stream"));
    try {
      String ttl = request.metadata().get("ttlInSeconds");
      if (ttl != null) {
        props.expiration(String.valueOf(Math.multiplyExact(Long.parseLong(ttl.trim()), 1000L)));
      }
      String priority = request.metadata().get("priority");
      if (priority != null) {
        int p = Integer.parseInt(priority.trim());
        if (p < 0 || p > 255) {
          throw new NumberFormatException("out of range");
        }
        props.priority(p);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.INVALID_REQUEST,
          "binding '" + name + "': metadata ttlInSeconds and priority must be whole numbers (priority 0..255): " + e.getMessage()));
    }
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    try {
      synchronized (ch) {
        long seq = ch.getNextPublishSeqNo();
        unconfirmed.put(seq, confirmed);
        ch.basicPublish("", settings.queueName(), props.build(), request.data());
      }
    } catch (IOException | RuntimeException e) {
      confirmed.completeExceptionally(new CapaException(ErrorCode.COMPONENT_FAILED,
          "binding '" + name + "': publish failed: " + e.getMessage(), e));
    }
    return confirmed.thenApply(v -> new BindingResponse(new byte[0], Map.of("queue", settings.queueName())));
  }

  @Override
  public void close() {
    connector.cancel(false);
    Connection c = connection;
    if (c != null) {
      try {
        c.close(2000);
      } catch (Exception ignored) {
        // Closing anyway.
      }
    }
    settleAll("the binding was closed");
  }
}
