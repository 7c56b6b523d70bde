package io.capa.pubsub.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * INTERNAL API. {@code pubsub.in-memory}: topics held in this process, for tests and single-node
 * development. A group exists from its first subscription on and keeps the messages its consumers
 * left unacknowledged; messages published to a topic nobody subscribed to are discarded.
 */
final class InMemoryBroker implements PubSubBroker {
  private final String defaultGroup;
  private final Executor executor;
  private final Map<String, Map<String, Group>> topics = new HashMap<>();
  private boolean closed;

  InMemoryBroker(String defaultGroup, Executor executor) {
    this.defaultGroup = defaultGroup;
    this.executor = executor;
  }

  @Override
  public CompletionStage<Void> publish(String topic, byte[] data, Map<String, String> metadata) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED, "pub/sub closed"));
      }
      for (Group g : topics.getOrDefault(topic, Map.of()).values()) {
        g.ready.addLast(new Stored(topic, data.clone(), Map.copyOf(metadata)));
        g.dispatch(deliveries);
      }
    }
    deliveries.forEach(Runnable::run);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Flow.Publisher<BrokerMessage> subscribe(String topic, String consumerGroup) {
    return new BrokerPublisher("in-memory topic " + topic, executor, (sink, demand) -> {
      Consumer c;
      synchronized (this) {
        if (closed) {
          throw new CapaException(ErrorCode.COMPONENT_FAILED, "pub/sub closed");
        }
        Group g = topics.computeIfAbsent(topic, t -> new LinkedHashMap<>())
            .computeIfAbsent(consumerGroup, n -> new Group());
        c = new Consumer(g, sink);
        g.consumers.add(c);
      }
      demand.listen(n -> c.credit(n));
      return c::close;
    });
  }

  @Override
  public String defaultConsumerGroup() {
    return defaultGroup;
  }

  @Override
  public Set<Feature> features() {
    return Set.of(Feature.ORDERED, Feature.MESSAGE_METADATA);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      topics.clear();
    }
  }

  private record Stored(String topic, byte[] data, Map<String, String> metadata) {}

  /** Guarded by the broker's lock. */
  private final class Group {
    final Deque<Stored> ready = new ArrayDeque<>();
    final List<Consumer> consumers = new ArrayList<>();
    int next;

    /** Hands ready messages to consumers with credit, round robin; deliveries run outside the lock. */
    void dispatch(List<Runnable> deliveries) {
      while (!ready.isEmpty()) {
        Consumer target = null;
        for (int i = 0; i < consumers.size() && target == null; i++) {
          Consumer c = consumers.get((next + i) % consumers.size());
          if (c.credit > 0) {
            target = c;
            next = (next + i + 1) % consumers.size();
          }
        }
        if (target == null) {
          return;
        }
        Stored s = ready.pollFirst();
        target.credit--;
        target.unacked.add(s);
        Consumer to = target;
        deliveries.add(() -> to.sink.offer(new BrokerMessage(s.topic, s.data, s.metadata, to.handle(s))));
      }
    }
  }

  private final class Consumer {
    final Group group;
    final BrokerPublisher.Sink sink;
    final List<Stored> unacked = new ArrayList<>();
    long credit;
    boolean gone;

    Consumer(Group group, BrokerPublisher.Sink sink) {
      this.group = group;
      this.sink = sink;
    }

    void credit(long n) {
      List<Runnable> deliveries = new ArrayList<>();
      synchronized (InMemoryBroker.this) {
        credit = credit + n < 0 ? Long.MAX_VALUE : credit + n;
        group.dispatch(deliveries);
      }
      deliveries.forEach(Runnable::run);
    }

    BrokerMessage.Handle handle(Stored s) {
      return new BrokerMessage.Handle() {
        @Override
        public CompletionStage<Void> ack() {
          synchronized (InMemoryBroker.this) {
            unacked.remove(s);
          }
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> nack() {
          List<Runnable> deliveries = new ArrayList<>();
          synchronized (InMemoryBroker.this) {
            if (unacked.remove(s)) {
              group.ready.addFirst(s);
              group.dispatch(deliveries);
            }
          }
          deliveries.forEach(Runnable::run);
          return CompletableFuture.completedFuture(null);
        }
      };
    }

    void close() {
      List<Runnable> deliveries = new ArrayList<>();
      synchronized (InMemoryBroker.this) {
        if (gone) {
          return;
        }
        gone = true;
        group.consumers.remove(this);
        // Unacknowledged messages go back to the front of the group, in their original order.
        for (int i = unacked.size() - 1; i >= 0; i--) {
          group.ready.addFirst(unacked.get(i));
        }
        unacked.clear();
        group.dispatch(deliveries);
      }
      deliveries.forEach(Runnable::run);
    }
  }
}
