package io.capa.bindings.internal.mqtt;

import io.capa.bindings.spi.InputEvent;
import io.capa.components.spi.ComponentHealth;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * INTERNAL API. The input side: one connection ({@code <consumerID>-consumer}) per materialization,
 * with manual acknowledgements.
 *
 * <pre>
 *  broker ─► Paho receiver ─► messageArrived: offer to a bounded queue, blocking while it is full
 *                                 (Paho then stops reading the socket: backpressure) ─► events
 *  event.ack() ─► PUBACK
 * </pre>
 *
 * A lost connection fails the source (the runtime materializes it again after a backoff, and the
 * broker's session delivers again what was not acknowledged). When the source ends, the connection
 * stays open for {@code STOP_GRACE} so acknowledgements of events still under way go out.
 */
final class MqttConsumer {
  private static final long STOP_GRACE_MS = 2000;

  private final MqttSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Consumer<ComponentHealth> health;
  /** The client of the latest materialization; an older one's last words do not change the health. */
  private volatile MqttAsyncClient current;
  /** Materializations whose source has not ended yet. */
  private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

  MqttConsumer(MqttSettings settings, ScheduledExecutorService scheduler, Executor executor,
      Consumer<ComponentHealth> health) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.executor = executor;
    this.health = health;
  }

  Source<InputEvent, NotUsed> source() {
    return Source.<InputEvent>queue(settings.bufferSize(), OverflowStrategy.backpressure())
        .mapMaterializedValue(queue -> {
          start(queue);
          return NotUsed.notUsed();
        });
  }

  private void start(SourceQueueWithComplete<InputEvent> queue) {
    MqttAsyncClient client;
    try {
      client = MqttClients.client(settings, "-consumer");
    } catch (MqttException e) {
      queue.fail(e);
      return;
    }
    current = client;
    open.incrementAndGet();
    queue.watchCompletion().whenComplete((done, error) -> open.decrementAndGet());
    client.setManualAcks(true);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        String why = "connection to " + settings.url() + " lost: " + cause.getMessage();
        report(client, ComponentHealth.down(why));
        queue.fail(new IOException(why, cause));
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        try {
          // Blocks Paho's callback thread while the buffer is full; a closed queue ends the wait,
          // and the unacknowledged message stays with the broker.
          queue.offer(new MqttEvent(client, topic, message)).toCompletableFuture().join();
        } catch (RuntimeException e) {
          // The source has ended.
        }
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    queue.watchCompletion().whenComplete((done, error) -> scheduler.schedule(
        () -> MqttClients.closeLater(client, executor), error == null ? STOP_GRACE_MS : 0, TimeUnit.MILLISECONDS));
    try {
      client.connect(MqttClients.options(settings, settings.cleanSession()), null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          subscribe(client, queue);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          String why = "cannot connect to " + settings.url() + ": " + error.getMessage();
          report(client, ComponentHealth.down(why));
          queue.fail(new IOException(why, error));
        }
      });
    } catch (MqttException e) {
      report(client, ComponentHealth.down("cannot connect to " + settings.url() + ": " + e.getMessage()));
      queue.fail(e);
    }
  }

  /** Whether a source is still taking messages from the broker. */
  boolean consuming() {
    return open.get() > 0;
  }

  private void report(MqttAsyncClient client, ComponentHealth h) {
    if (client == current) {
      health.accept(h);
    }
  }

  private void subscribe(MqttAsyncClient client, SourceQueueWithComplete<InputEvent> queue) {
    try {
      client.subscribe(settings.topic(), settings.qos(), null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int[] granted = token.getGrantedQos();
          if (granted != null && granted.length > 0 && granted[0] == 0x80) {
            onFailure(token, new IOException("the broker refused the subscription"));
            return;
          }
          report(client, ComponentHealth.UP);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          String why = "cannot subscribe to '" + settings.topic() + "': " + error.getMessage();
          report(client, ComponentHealth.down(why));
          queue.fail(new IOException(why, error));
        }
      });
    } catch (MqttException | IllegalArgumentException e) {
      report(client, ComponentHealth.down("cannot subscribe to '" + settings.topic() + "': " + e.getMessage()));
      queue.fail(e);
    }
  }
}
