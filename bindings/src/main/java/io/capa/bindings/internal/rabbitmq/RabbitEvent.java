package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import io.capa.bindings.spi.InputEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * INTERNAL API. One delivery; settled once, on the channel that delivered it: basic.ack when handled,
 * basic.nack with requeue when its target kept refusing it.
 */
record RabbitEvent(Channel channel, String queue, Envelope envelope, AMQP.BasicProperties properties, byte[] data,
    AtomicBoolean settled) implements InputEvent {

  @Override
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    if (properties.getHeaders() != null) {
      properties.getHeaders().forEach((k, v) -> m.put(k, String.valueOf(v)));
    }
    m.put("queueName", queue);
    m.put("routingKey", envelope.getRoutingKey());
    m.put("redelivered", String.valueOf(envelope.isRedeliver()));
    if (properties.getContentType() != null) {
      m.put("contentType", properties.getContentType());
    }
    if (properties.getMessageId() != null) {
      m.put("messageId", properties.getMessageId());
    }
    if (properties.getPriority() != null) {
      m.put("priority", String.valueOf(properties.getPriority()));
    }
    return m;
  }

  /** One queue delivers in order, so its name is the ordering key. */
  @Override
  public String orderingKey() {
    return queue;
  }

  @Override
  public CompletionStage<Void> ack() {
    if (!settled.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      channel.basicAck(envelope.getDeliveryTag(), false);
      return CompletableFuture.completedFuture(null);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Gives the message back to the queue for a later delivery. */
  CompletionStage<Void> requeue() {
    if (!settled.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      channel.basicNack(envelope.getDeliveryTag(), false, true);
      return CompletableFuture.completedFuture(null);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
