package io.capa.pubsub.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentHealth;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code pubsub.rabbitmq}: an exchange per topic (fanout unless {@code exchangeKind}
 * says otherwise), a queue per consumer group ({@code {group}-{topic}}) bound to it, manual acks with
 * {@code prefetchCount} unacknowledged messages per subscription, and publisher confirms. The first
 * connection is retried in the background; after that the client's automatic recovery re-creates
 * the connection, channels and consumers.
 */
final class RabbitMqBroker implements PubSubBroker {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqBroker.class);

  private final RabbitMqSettings settings;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final ConnectionFactory factory = new ConnectionFactory();
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private volatile Connection connection;
  private volatile Publisher publisher;
  private volatile ComponentHealth health;
  private volatile boolean closed;

  RabbitMqBroker(RabbitMqSettings settings, Executor executor, ScheduledExecutorService scheduler) throws Exception {
    this.settings = settings;
    this.executor = executor;
    this.scheduler = scheduler;
    factory.setUri(settings.uri());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(settings.reconnectWait().toMillis());
    factory.setConnectionTimeout(2000);
    this.health = ComponentHealth.down("connecting to " + redacted());
    executor.execute(this::connect);
  }

  private String redacted() {
    return settings.uri().replaceAll("//[^@/]*@", "//***@");
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      Connection c = factory.newConnection("capa-" + settings.component());
      c.addShutdownListener(cause -> {
        if (!closed) {
          health = ComponentHealth.down("connection lost: " + cause.getMessage());
        }
      });
      ((Recoverable) c).addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recoverable) {
          health = ComponentHealth.UP;
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {}
      });
      publisher = new Publisher(c.createChannel());
      connection = c;
      health = ComponentHealth.UP;
      if (closed) {
        c.abort();
      }
    } catch (Exception e) {
      health = ComponentHealth.down("cannot reach " + redacted() + ": " + e);
      scheduler.schedule(() -> executor.execute(this::connect), settings.reconnectWait().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public ComponentHealth health() {
    return health;
  }

  private Connection connected() {
    Connection c = connection;
    if (closed || c == null || !c.isOpen()) {
      throw new CapaException(ErrorCode.COMPONENT_FAILED,
          "pub/sub '" + settings.component() + "' cannot reach RabbitMQ: " + health.detail());
    }
    return c;
  }

  /** Declares once per topic; marked only after the broker confirmed, so no publish races ahead of it. */
  private void declareExchange(Channel ch, String topic) throws IOException {
    if (!declared.contains(topic)) {
      ch.exchangeDeclare(topic, settings.exchangeKind(), settings.durable(), false, null);
      declared.add(topic);
    }
  }

  /** The publishing channel; a new one when the broker closed the last (a channel error closes it). */
  private synchronized Publisher publisher(Connection c) throws IOException {
    Publisher p = publisher;
    if (p == null || !p.channel.isOpen()) {
      p = new Publisher(c.createChannel());
      publisher = p;
    }
    return p;
  }

  @Override
  public CompletionStage<Void> publish(String topic, byte[] data, Map<String, String> metadata) {
    Publisher p;
    try {
      p = publisher(connected());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(failure("open a publishing channel", e));
    }
    Map<String, Object> headers = new HashMap<>(metadata);
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .deliveryMode(settings.deliveryMode())
        .headers(headers)
        .build();
    return CompletableFuture.supplyAsync(() -> p.send(topic, props, data), executor)
        .thenCompose(f -> f)
        .orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure("publish to '" + topic + "'", e)));
  }

  /** The channel all publishes share, in confirm mode; confirms complete the futures by sequence number. */
  private final class Publisher {
    private final Channel channel;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();

    Publisher(Channel channel) throws IOException {
      this.channel = channel;
      channel.confirmSelect();
      channel.addConfirmListener(new ConfirmListener() {
        @Override
        public void handleAck(long tag, boolean multiple) {
          done(tag, multiple, null);
        }

        @Override
        public void handleNack(long tag, boolean multiple) {
          done(tag, multiple, new CapaException(ErrorCode.COMPONENT_FAILED, "RabbitMQ refused the message"));
        }
      });
      // A channel that closes or recovers loses its unconfirmed messages: their publishers must retry.
      channel.addShutdownListener(cause -> failAll("channel closed: " + cause.getMessage()));
      if (channel instanceof Recoverable r) {
        r.addRecoveryListener(new RecoveryListener() {
          @Override
          public void handleRecovery(Recoverable recoverable) {}

          @Override
          public void handleRecoveryStarted(Recoverable recoverable) {
            failAll("connection recovering");
          }
        });
      }
    }

    private void failAll(String why) {
      CapaException e = new CapaException(ErrorCode.COMPONENT_FAILED, "publish not confirmed: " + why);
      pending.values().forEach(f -> f.completeExceptionally(e));
      pending.clear();
    }

    private void done(long tag, boolean multiple, Throwable error) {
      Map<Long, CompletableFuture<Void>> settled = multiple ? pending.headMap(tag, true) : pending.subMap(tag, true, tag, true);
      for (CompletableFuture<Void> f : settled.values()) {
        if (error == null) {
          f.complete(null);
        } else {
          f.completeExceptionally(error);
        }
      }
      settled.clear();
    }

    CompletableFuture<Void> send(String topic, AMQP.BasicProperties props, byte[] data) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      try {
        synchronized (channel) {
          declareExchange(channel, topic);
          long seq = channel.getNextPublishSeqNo();
          pending.put(seq, f);
          channel.basicPublish(topic, "", props, data);
        }
      } catch (IOException | RuntimeException e) {
        f.completeExceptionally(e);
      }
      return f;
    }
  }

  @Override
  public Flow.Publisher<BrokerMessage> subscribe(String topic, String consumerGroup) {
    return new BrokerPublisher("RabbitMQ exchange " + topic, executor, (sink, demand) -> {
      Connection c = connected();
      String queue = consumerGroup + "-" + topic;
      Channel ch = c.createChannel();
      try {
        ch.basicQos(settings.prefetchCount());
        declareExchange(ch, topic);
        ch.queueDeclare(queue, settings.durable(), false, settings.deletedWhenUnused(), null);
        ch.queueBind(queue, topic, "");
        ch.basicConsume(queue, false, (tag, delivery) -> sink.offer(new BrokerMessage(topic,
                delivery.getBody(), headers(delivery.getProperties()), handle(ch, delivery.getEnvelope().getDeliveryTag()))),
            tag -> sink.fail(new CapaException(ErrorCode.COMPONENT_FAILED, "RabbitMQ cancelled the consumer of " + queue)));
      } catch (IOException | RuntimeException e) {
        declared.remove(topic);
        closeQuietly(ch);
        throw failure("subscribe to '" + topic + "' with queue '" + queue + "'", e);
      }
      // Closing the channel hands its unacknowledged messages back to the queue.
      return () -> closeQuietly(ch);
    });
  }

  private BrokerMessage.Handle handle(Channel ch, long tag) {
    return new BrokerMessage.Handle() {
      @Override
      public CompletionStage<Void> ack() {
        return settle(() -> ch.basicAck(tag, false));
      }

      @Override
      public CompletionStage<Void> nack() {
        return settle(() -> ch.basicNack(tag, false, settings.requeueInFailure()));
      }

      private CompletionStage<Void> settle(IoAction action) {
        try {
          synchronized (ch) {
            action.run();
          }
          return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
          return CompletableFuture.failedFuture(failure("settle a message", e));
        }
      }
    };
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static Map<String, String> headers(AMQP.BasicProperties props) {
    Map<String, String> m = new LinkedHashMap<>();
    if (props != null && props.getHeaders() != null) {
      props.getHeaders().forEach((k, v) -> {
        if (v != null) {
          m.put(k, v.toString());
        }
      });
    }
    return m;
  }

  private static void closeQuietly(Channel ch) {
    try {
      if (ch.isOpen()) {
        ch.close();
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      log.debug("closing a channel failed", e);
    }
  }

  private CapaException failure(String what, Throwable e) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof CapaException c) {
      return c;
    }
    return new CapaException(ErrorCode.COMPONENT_FAILED,
        "pub/sub '" + settings.component() + "' could not " + what + ": " + t, t);
  }

  @Override
  public String defaultConsumerGroup() {
    return settings.consumerGroup();
  }

  @Override
  public Set<Feature> features() {
    return Set.of(Feature.ORDERED, Feature.MESSAGE_METADATA);
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close(2000);
      } catch (IOException | RuntimeException e) {
        c.abort();
      }
    }
  }
}
