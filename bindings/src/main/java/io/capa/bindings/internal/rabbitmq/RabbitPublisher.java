package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;

/**
 * INTERNAL API. Publishes on a channel in confirm mode: a call completes when the broker confirmed
 * its message (basic.ack, possibly for several at once), fails on basic.nack or when the channel
 * closes first. A new channel is attached on every (re)connection.
 */
final class RabbitPublisher {
  private final Executor executor;
  private Confirming current;

  RabbitPublisher(Executor executor) {
    this.executor = executor;
  }

  /** One channel and the calls waiting for its confirms, by publish sequence number. */
  private record Confirming(Channel channel, ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending) {}

  void attach(Connection connection) {
    try {
      Channel ch = connection.createChannel();
      ch.confirmSelect();
      Confirming c = new Confirming(ch, new ConcurrentSkipListMap<>());
      ch.addConfirmListener(
          (seq, multiple) -> settle(c, seq, multiple, null),
          (seq, multiple) -> settle(c, seq, multiple, "the broker refused the message (basic.nack)"));
      ch.addShutdownListener(cause -> {
        for (Long seq : c.pending().keySet()) {
          fail(c.pending().remove(seq), "the channel closed before the broker confirmed: " + cause.getMessage());
        }
      });
      synchronized (this) {
        current = c;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a publishing channel: " + e.getMessage(), e);
    }
  }

  private void settle(Confirming c, long seq, boolean multiple, String failure) {
    Map<Long, CompletableFuture<Void>> done = multiple ? c.pending().headMap(seq, true) : null;
    if (done == null) {
      CompletableFuture<Void> one = c.pending().remove(seq);
      finish(one, failure);
      return;
    }
    for (Long s : done.keySet()) {
      finish(c.pending().remove(s), failure);
    }
  }

  private void finish(CompletableFuture<Void> call, String failure) {
    if (call == null) {
      return;
    }
    if (failure == null) {
      executor.execute(() -> call.complete(null));
    } else {
      fail(call, failure);
    }
  }

  private void fail(CompletableFuture<Void> call, String why) {
    if (call != null) {
      executor.execute(() -> call.completeExceptionally(new CapaException(ErrorCode.COMPONENT_FAILED, why)));
    }
  }

  CompletionStage<Void> publish(String routingKey, AMQP.BasicProperties properties, byte[] body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // A channel must not be used for publishing from two threads at once; the lock also keeps the
    // sequence number and the publish together.
    synchronized (this) {
      if (current == null || !current.channel().isOpen()) {
        return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED, "no open channel to the broker"));
      }
      long seq = current.channel().getNextPublishSeqNo();
      current.pending().put(seq, done);
      try {
        current.channel().basicPublish("", routingKey, properties, body);
      } catch (IOException | AlreadyClosedException e) {
        current.pending().remove(seq);
        return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED,
            "publish failed: " + e.getMessage(), e));
      }
    }
    return done;
  }
}
