package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.capa.bindings.spi.InputEvent;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * INTERNAL API. The input side: one channel per materialization, consuming with manual acks.
 *
 * <pre>
 *  queue ─► basic.deliver (at most prefetchCount unacked) ─► handleDelivery: offer to a bounded
 *           buffer, blocking the channel's dispatch while it is full ─► events
 *  event.ack() ─► basic.ack      dead letter ─► basic.nack(requeue)
 * </pre>
 *
 * When the channel or connection closes the source fails, and the broker requeues whatever was not
 * acknowledged. When the source ends, the channel stays open briefly so acknowledgements of events
 * still under way go out.
 */
final class RabbitConsumer {
  private static final long STOP_GRACE_MS = 2000;

  private final RabbitSettings settings;
  private final RabbitConnection connection;
  private final ScheduledExecutorService scheduler;

  RabbitConsumer(RabbitSettings settings, RabbitConnection connection, ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.connection = connection;
    this.scheduler = scheduler;
  }

  Source<InputEvent, NotUsed> source() {
    return Source.<InputEvent>queue(settings.bufferSize(), OverflowStrategy.backpressure())
        .mapMaterializedValue(queue -> {
          start(queue);
          return NotUsed.notUsed();
        });
  }

  private void start(SourceQueueWithComplete<InputEvent> queue) {
    var conn = connection.current();
    if (conn.isEmpty()) {
      queue.fail(new IOException("not connected to " + connection.safeHost() + ": " + connection.health().detail()));
      return;
    }
    Channel channel;
    try {
      channel = conn.get().createChannel();
      channel.basicQos(settings.prefetchCount());
      channel.basicConsume(settings.queueName(), false, new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
          try {
            queue.offer(new RabbitEvent(channel, settings.queueName(), envelope, properties, body, new AtomicBoolean()))
                .toCompletableFuture().join();
          } catch (RuntimeException e) {
            // The source has ended; closing the channel requeues the delivery.
          }
        }

        @Override
        public void handleCancel(String tag) {
          queue.fail(new IOException("the broker cancelled the consumer of queue '" + settings.queueName() + "'"));
        }

        @Override
        public void handleShutdownSignal(String tag, ShutdownSignalException cause) {
          if (!cause.isInitiatedByApplication()) {
            queue.fail(new IOException("channel to queue '" + settings.queueName() + "' closed: " + cause.getMessage(), cause));
          }
        }
      });
    } catch (IOException | RuntimeException e) {
      queue.fail(new IOException("cannot consume queue '" + settings.queueName() + "': " + e.getMessage(), e));
      return;
    }
    queue.watchCompletion().whenComplete((done, error) -> scheduler.schedule(() -> {
      try {
        channel.abort();
      } catch (RuntimeException | IOException e) {
        // Already closed.
      }
    }, error == null ? STOP_GRACE_MS : 0, TimeUnit.MILLISECONDS));
  }
}
