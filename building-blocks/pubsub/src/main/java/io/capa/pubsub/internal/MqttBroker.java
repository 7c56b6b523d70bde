package io.capa.pubsub.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentHealth;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code pubsub.mqtt3} on MQTT 3.1.1 (Mosquitto): QoS 1 by default, so a publish
 * completes on the broker's PUBACK. A consumer group is a shared subscription ({@code
 * $share/{group}/{topic}}); each subscription is a client of its own whose id is stable per group,
 * topic and slot, with a persistent session (unless {@code cleanSession}) and manual acks: a message
 * left unacknowledged when the subscription closes stays in that session and is sent again when the
 * group next subscribes. MQTT 3 has no message headers, so publish metadata is not carried.
 */
final class MqttBroker implements PubSubBroker {
  private static final Logger log = LoggerFactory.getLogger(MqttBroker.class);

  private final MqttSettings settings;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final MqttAsyncClient publisher;
  private final Map<String, BitSet> slots = new HashMap<>();
  private final Map<String, Integer> closing = new HashMap<>();
  private final Set<String> clientIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile ComponentHealth health;
  private volatile boolean closed;

  MqttBroker(MqttSettings settings, Executor executor, ScheduledExecutorService scheduler) throws MqttException {
    this.settings = settings;
    this.executor = executor;
    this.scheduler = scheduler;
    this.health = ComponentHealth.down("connecting to " + settings.url());
    this.publisher = new MqttAsyncClient(settings.url(),
        settings.consumerGroup() + "-pub-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
    publisher.setCallback(new MqttCallbackExtended() {
      @Override
      public void connectComplete(boolean reconnect, String serverURI) {
        health = ComponentHealth.UP;
      }

      @Override
      public void connectionLost(Throwable cause) {
        health = ComponentHealth.down("connection to " + settings.url() + " lost: " + cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    connectPublisher();
  }

  private MqttConnectOptions options(boolean cleanSession) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(cleanSession);
    o.setAutomaticReconnect(true);
    o.setMaxReconnectDelay((int) Math.max(1000, settings.reconnectWait().toMillis() * 4));
    o.setConnectionTimeout(5);
    o.setKeepAliveInterval(10);
    o.setMaxInflight(1000);
    return o;
  }

  /** Paho reconnects by itself only after a first success; until then this retries. */
  private void connectPublisher() {
    if (closed) {
      return;
    }
    try {
      publisher.connect(options(true), null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          health = ComponentHealth.UP;
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          health = ComponentHealth.down("cannot reach " + settings.url() + ": " + e);
          retryConnect();
        }
      });
    } catch (MqttException e) {
      health = ComponentHealth.down("cannot reach " + settings.url() + ": " + e);
      retryConnect();
    }
  }

  private void retryConnect() {
    scheduler.schedule(() -> executor.execute(this::connectPublisher), settings.reconnectWait().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public ComponentHealth health() {
    return health;
  }

  @Override
  public CompletionStage<Void> publish(String topic, byte[] data, Map<String, String> metadata) {
    if (closed || !publisher.isConnected()) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED,
          "pub/sub '" + settings.component() + "' cannot reach MQTT: " + health.detail()));
    }
    if (topic.contains("+") || topic.contains("#")) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST,
          "an MQTT topic to publish to cannot contain '+' or '#': " + topic));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      publisher.publish(topic, data, settings.qos(), settings.retain(), null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          done.complete(null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          done.completeExceptionally(failure("publish to '" + topic + "'", e));
        }
      });
    } catch (MqttException | RuntimeException e) {
      done.completeExceptionally(failure("publish to '" + topic + "'", e));
    }
    return done.orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure("publish to '" + topic + "'", e)));
  }

  /** The ids of the subscription clients this broker used, whose sessions the server keeps. */
  Set<String> subscriptionClientIds() {
    return Set.copyOf(clientIds);
  }

  /** A client id stable for the n-th concurrent subscription of a group to a topic. */
  static String clientId(String group, String topic, int slot) {
    return group + "-" + Integer.toHexString(topic.hashCode()) + "-" + slot;
  }

  /**
   * The lowest free slot. While a subscription of the group is still closing, waits for it (a few
   * seconds at most): its session holds the messages it left unacknowledged, and only a client with
   * its id gets them back. Runs on the blocking executor.
   */
  private int takeSlot(String key) throws InterruptedException {
    synchronized (slots) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (closing.getOrDefault(key, 0) > 0 && System.nanoTime() < deadline) {
        slots.wait(100);
      }
      BitSet b = slots.computeIfAbsent(key, k -> new BitSet());
      int slot = b.nextClearBit(0);
      b.set(slot);
      return slot;
    }
  }

  private void closingSlot(String key) {
    synchronized (slots) {
      closing.merge(key, 1, Integer::sum);
    }
  }

  private void freeSlot(String key, int slot, boolean wasClosing) {
    synchronized (slots) {
      slots.get(key).clear(slot);
      if (wasClosing) {
        closing.merge(key, -1, Integer::sum);
      }
      slots.notifyAll();
    }
  }

  @Override
  public Flow.Publisher<BrokerMessage> subscribe(String topic, String consumerGroup) {
    return new BrokerPublisher("MQTT topic " + topic, executor, (sink, demand) -> {
      if (closed || !publisher.isConnected()) {
        throw new CapaException(ErrorCode.COMPONENT_FAILED,
            "pub/sub '" + settings.component() + "' cannot reach MQTT: " + health.detail());
      }
      String key = consumerGroup + "\u0000" + topic;
      int slot = takeSlot(key);
      String filter = "$share/" + consumerGroup + "/" + topic;
      MqttAsyncClient client;
      try {
        client = new MqttAsyncClient(settings.url(), clientId(consumerGroup, topic, slot), new MemoryPersistence());
        clientIds.add(client.getClientId());
        client.setManualAcks(true);
        client.setCallback(new MqttCallbackExtended() {
          @Override
          public void connectComplete(boolean reconnect, String serverURI) {
            // Subscribed again on every reconnect: a clean session has lost the subscription, and a
            // server restarted from its persistence file may not have kept a shared one.
            if (reconnect) {
              try {
                client.subscribe(filter, settings.qos());
              } catch (MqttException e) {
                sink.fail(failure("subscribe again to '" + topic + "'", e));
              }
            }
          }

          @Override
          public void connectionLost(Throwable cause) {
            log.debug("subscription client for '{}' lost its connection; reconnecting", topic, cause);
          }

          @Override
          public void messageArrived(String t, MqttMessage m) {
            sink.offer(new BrokerMessage(topic, m.getPayload(), Map.of(), handle(client, m)));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        client.connect(options(settings.cleanSession())).waitForCompletion(10_000);
        client.subscribe(filter, settings.qos()).waitForCompletion(10_000);
      } catch (MqttException | RuntimeException e) {
        freeSlot(key, slot, false);
        throw failure("subscribe to '" + topic + "'", e);
      }
      return new BrokerPublisher.Closing() {
        private boolean marked;

        @Override
        public synchronized void closing() {
          if (!marked) {
            marked = true;
            closingSlot(key);
          }
        }

        @Override
        public void close() {
          closing();
          closeClient(client, key, slot);
        }
      };
    });
  }

  /** Disconnects without acking: the session keeps what is unacknowledged for the next subscriber. */
  private void closeClient(MqttAsyncClient client, String key, int slot) {
    try {
      client.disconnect(2000).waitForCompletion(3000);
    } catch (MqttException e) {
      try {
        client.disconnectForcibly(0, 1000, false);
      } catch (MqttException again) {
        log.debug("disconnecting a subscription client failed", again);
      }
    } finally {
      try {
        client.close(true);
      } catch (MqttException e) {
        log.debug("closing a subscription client failed", e);
      }
      freeSlot(key, slot, true);
    }
  }

  private static BrokerMessage.Handle handle(MqttAsyncClient client, MqttMessage m) {
    return new BrokerMessage.Handle() {
      @Override
      public CompletionStage<Void> ack() {
        if (m.getQos() == 0) {
          return CompletableFuture.completedFuture(null);
        }
        try {
          client.messageArrivedComplete(m.getId(), m.getQos());
          return CompletableFuture.completedFuture(null);
        } catch (MqttException | RuntimeException e) {
          return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED,
              "cannot acknowledge the MQTT message: " + e, e));
        }
      }

      @Override
      public CompletionStage<Void> nack() {
        // MQTT 3 cannot give a message back; unacknowledged, it is sent again when the session resumes.
        return CompletableFuture.completedFuture(null);
      }
    };
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
    return Set.of(Feature.ORDERED);
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (publisher.isConnected()) {
        publisher.disconnect(1000).waitForCompletion(2000);
      }
    } catch (MqttException e) {
      log.debug("disconnecting the publisher failed", e);
    } finally {
      try {
        publisher.close(true);
      } catch (MqttException e) {
        log.debug("closing the publisher failed", e);
      }
    }
  }
}
