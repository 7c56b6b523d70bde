package io.capa.pubsub.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentHealth;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code pubsub.jetstream}: topics are subjects of one JetStream stream ({@code
 * streamName}), created on first use and extended with each new topic. A consumer group is a durable
 * push consumer with a deliver group, so the group's subscribers share its messages; acks are
 * explicit. The connection is made in the background and re-made by the client after a loss.
 */
final class JetStreamBroker implements PubSubBroker {
  private static final Logger log = LoggerFactory.getLogger(JetStreamBroker.class);

  private final JetStreamSettings settings;
  private final Executor executor;
  private final Set<String> knownSubjects = ConcurrentHashMap.newKeySet();
  private volatile Connection connection;
  private volatile ComponentHealth health;
  private volatile boolean closed;

  JetStreamBroker(JetStreamSettings settings, Executor executor) throws InterruptedException {
    this.settings = settings;
    this.executor = executor;
    this.health = ComponentHealth.down("connecting to " + settings.url());
    Options options = new Options.Builder()
        .server(settings.url())
        .connectionName(settings.name())
        .maxReconnects(-1)
        .reconnectWait(Duration.ofMillis(500))
        .connectionTimeout(Duration.ofSeconds(2))
        .reconnectBufferSize(0) // publishing while disconnected fails at once instead of buffering
        .connectionListener(this::onEvent)
        .errorListener(new ErrorListener() {
          @Override
          public void exceptionOccurred(Connection conn, Exception exp) {
            if (!health.up()) {
              health = ComponentHealth.down("cannot reach " + settings.url() + ": " + exp);
            }
          }
        })
        .build();
    Nats.connectAsynchronously(options, true);
  }

  private void onEvent(Connection conn, ConnectionListener.Events event) {
    switch (event) {
      case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
        connection = conn;
        health = ComponentHealth.UP;
        if (closed) {
          closeQuietly(conn);
        }
      }
      case DISCONNECTED -> health = ComponentHealth.down("disconnected from " + settings.url());
      case CLOSED -> health = ComponentHealth.down("connection closed");
      default -> { }
    }
  }

  @Override
  public ComponentHealth health() {
    return health;
  }

  private Connection connected() {
    Connection c = connection;
    if (closed || c == null || c.getStatus() != Connection.Status.CONNECTED) {
      throw new CapaException(ErrorCode.COMPONENT_FAILED,
          "pub/sub '" + settings.component() + "' cannot reach NATS: " + health.detail());
    }
    return c;
  }

  @Override
  public CompletionStage<Void> publish(String topic, byte[] data, Map<String, String> metadata) {
    Connection c;
    Headers headers = new Headers();
    try {
      c = connected();
      metadata.forEach(headers::put);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST,
          "metadata cannot be a NATS header: " + e.getMessage(), e));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> ensured = knownSubjects.contains(topic)
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> ensureStream(c, topic), executor);
    return ensured
        .thenCompose(v -> {
          try {
            return c.jetStream().publishAsync(topic, headers, data);
          } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
          }
        })
        .orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .<Void>thenApply(ack -> null)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure("publish to '" + topic + "'", e)));
  }

  /** Creates the stream with {@code subject}, or adds the subject to it. */
  private void ensureStream(Connection c, String subject) {
    try {
      JetStreamManagement jsm = c.jetStreamManagement();
      StreamInfo info;
      try {
        info = jsm.getStreamInfo(settings.streamName());
      } catch (JetStreamApiException notFound) {
        if (notFound.getErrorCode() != 404) {
          throw notFound;
        }
        jsm.addStream(StreamConfiguration.builder().name(settings.streamName()).subjects(subject).build());
        knownSubjects.add(subject);
        return;
      }
      List<String> subjects = new ArrayList<>(info.getConfiguration().getSubjects());
      if (!subjects.contains(subject) && !subjects.contains(">")) {
        subjects.add(subject);
        jsm.updateStream(StreamConfiguration.builder(info.getConfiguration()).subjects(subjects).build());
      }
      knownSubjects.add(subject);
    } catch (IOException | JetStreamApiException e) {
      throw failure("create stream '" + settings.streamName() + "' for '" + subject + "'", e);
    }
  }

  @Override
  public Flow.Publisher<BrokerMessage> subscribe(String topic, String consumerGroup) {
    return new BrokerPublisher("JetStream subject " + topic, executor, (sink, demand) -> {
      Connection c = connected();
      ensureStream(c, topic);
      String durable = durableName(consumerGroup, topic);
      ConsumerConfiguration cc = ConsumerConfiguration.builder()
          .durable(durable)
          .deliverGroup(durable)
          .filterSubject(topic)
          .ackPolicy(AckPolicy.Explicit)
          .ackWait(settings.ackWait())
          .maxDeliver(settings.maxDeliver())
          .maxAckPending(settings.maxAckPending())
          .deliverPolicy(settings.deliverPolicy())
          .build();
      Map<Message, Boolean> unsettled = new ConcurrentHashMap<>();
      Dispatcher dispatcher = c.createDispatcher();
      JetStreamSubscription sub;
      try {
        sub = c.jetStream().subscribe(topic, durable, dispatcher, msg -> {
          unsettled.put(msg, Boolean.TRUE);
          sink.offer(new BrokerMessage(topic, msg.getData() == null ? new byte[0] : msg.getData(),
              headers(msg), handle(msg, unsettled)));
        }, false, PushSubscribeOptions.builder().stream(settings.streamName()).configuration(cc).build());
      } catch (IOException | JetStreamApiException | IllegalArgumentException | IllegalStateException e) {
        c.closeDispatcher(dispatcher);
        throw failure("subscribe to '" + topic + "' as '" + durable + "'", e);
      }
      return () -> {
        // Given back now rather than after ackWait, so the group's other subscribers get them soon.
        unsettled.keySet().forEach(m -> {
          try {
            m.nak();
          } catch (RuntimeException e) {
            log.debug("nak on close failed", e);
          }
        });
        try {
          dispatcher.unsubscribe(sub);
        } finally {
          c.closeDispatcher(dispatcher);
        }
      };
    });
  }

  private static BrokerMessage.Handle handle(Message msg, Map<Message, Boolean> unsettled) {
    return new BrokerMessage.Handle() {
      @Override
      public CompletionStage<Void> ack() {
        return settle(() -> msg.ack());
      }

      @Override
      public CompletionStage<Void> nack() {
        return settle(() -> msg.nak());
      }

      private CompletionStage<Void> settle(Runnable r) {
        unsettled.remove(msg);
        try {
          r.run();
          return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED,
              "cannot settle the message at NATS: " + e.getMessage(), e));
        }
      }
    };
  }

  private static Map<String, String> headers(Message msg) {
    Map<String, String> m = new LinkedHashMap<>();
    if (msg.hasHeaders()) {
      msg.getHeaders().entrySet().forEach(e -> {
        if (!e.getValue().isEmpty()) {
          m.put(e.getKey(), e.getValue().get(0));
        }
      });
    }
    return m;
  }

  /** Durable names may not hold '.', '*', '>' or whitespace. */
  static String durableName(String group, String topic) {
    return (group + "_" + topic).replaceAll("[.*>\\s/\\\\]", "_");
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
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Used by the factory's settings; DeliverPolicy spelled as Dapr's {@code deliverPolicy} values. */
  static DeliverPolicy deliverPolicy(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "all" -> DeliverPolicy.All;
      case "last" -> DeliverPolicy.Last;
      case "new" -> DeliverPolicy.New;
      default -> throw new IllegalArgumentException(text);
    };
  }
}
