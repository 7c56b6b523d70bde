package io.capa.bindings.internal.mqtt;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentHealth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * INTERNAL API. The output side's connection ({@code <consumerID>-producer}, clean session). It
 * connects in the background and again after every loss, waiting 100 ms doubling up to {@code
 * maxReconnectWait}; while it is away publishes fail at once.
 */
final class MqttProducer implements AutoCloseable {
  private static final long FIRST_WAIT_MS = 100;

  private final MqttSettings settings;
  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private volatile ComponentHealth health;
  private volatile boolean closed;
  private long waitMs = FIRST_WAIT_MS;

  MqttProducer(MqttSettings settings, ScheduledExecutorService scheduler, Executor executor) throws MqttException {
    this.settings = settings;
    this.scheduler = scheduler;
    this.executor = executor;
    this.health = ComponentHealth.down("not connected to " + settings.url() + " yet");
    this.client = MqttClients.client(settings, "-producer");
    this.options = MqttClients.options(settings, true);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        health = ComponentHealth.down("connection to " + settings.url() + " lost: " + cause.getMessage());
        retryLater();
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    executor.execute(this::connect);
  }

  ComponentHealth health() {
    return health;
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      client.connect(options, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          synchronized (MqttProducer.this) {
            waitMs = FIRST_WAIT_MS;
          }
          health = ComponentHealth.UP;
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          health = ComponentHealth.down("cannot connect to " + settings.url() + ": " + error.getMessage());
          retryLater();
        }
      });
    } catch (MqttException e) {
      health = ComponentHealth.down("cannot connect to " + settings.url() + ": " + e.getMessage());
      retryLater();
    }
  }

  private void retryLater() {
    if (closed) {
      return;
    }
    long wait;
    synchronized (this) {
      wait = waitMs;
      waitMs = Math.min(waitMs * 2, settings.maxReconnectWait().toMillis());
    }
    scheduler.schedule(() -> executor.execute(this::connect), wait, TimeUnit.MILLISECONDS);
  }

  /** Completes when the broker acknowledged the message (PUBACK at QoS 1, PUBCOMP at 2; sent at 0). */
  CompletionStage<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
    if (!health.up()) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED, health.detail()));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      client.publish(topic, payload, qos, retain, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          done.complete(null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          done.completeExceptionally(new CapaException(ErrorCode.COMPONENT_FAILED,
              "publish to '" + topic + "' failed: " + error.getMessage(), error));
        }
      });
    } catch (MqttException e) {
      ErrorCode code = e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT
          ? ErrorCode.OVERLOADED : ErrorCode.COMPONENT_FAILED;
      done.completeExceptionally(new CapaException(code, "publish to '" + topic + "' failed: " + e.getMessage(), e));
    } catch (IllegalArgumentException e) {
      done.completeExceptionally(new CapaException(ErrorCode.INVALID_REQUEST,
          "metadata topic: '" + topic + "' cannot be published to: " + e.getMessage()));
    }
    return done;
  }

  @Override
  public void close() {
    closed = true;
    MqttClients.closeLater(client, executor);
  }
}
