package io.capa.sidecar.memory;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.BulkPublishEntry;
import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.BulkPublishResponse;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.PublishOutcome;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pub/sub over in-memory queues, for tests of what carries the pub/sub API. It honours demand
 * (a subscriber gets no more than it asked for), counts messages delivered and not yet settled
 * (now and the most ever), and keeps what was acknowledged, dropped and retried. One thread
 * delivers, so each subscriber's signals are serial. Only pub/sub "mem" exists.
 */
public final class MemoryPubSub implements PubSubService, AutoCloseable {
  private record Message(String id, String topic, byte[] data, String contentType) {}

  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "memory-pubsub");
    t.setDaemon(true);
    return t;
  });
  private final List<Sub> subs = new CopyOnWriteArrayList<>();
  // Retried while the topic had no subscriber: given to the next one (only the delivery thread touches it).
  private final List<Message> orphans = new ArrayList<>();
  public final AtomicInteger unsettled = new AtomicInteger();
  public final AtomicInteger maxUnsettled = new AtomicInteger();
  public final List<String> acked = new CopyOnWriteArrayList<>();
  public final List<String> dropped = new CopyOnWriteArrayList<>();
  public final AtomicInteger retried = new AtomicInteger();
  public final AtomicInteger cancelled = new AtomicInteger();

  private static void known(String pubsub) {
    if (!pubsub.equals("mem")) {
      throw new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no pub/sub '" + pubsub + "'");
    }
  }

  @Override
  public CompletionStage<String> publish(PublishRequest request) {
    try {
      known(request.pubsubName());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    String id = UUID.randomUUID().toString();
    Message m = new Message(id, request.topic(), request.data(), request.contentType());
    for (Sub s : subs) {
      if (s.subscription.topic().equals(request.topic())) {
        thread.execute(() -> s.offer(m));
      }
    }
    return CompletableFuture.completedFuture(id);
  }

  /** An entry whose metadata has {@code fail=true} fails on its own. */
  @Override
  public CompletionStage<BulkPublishResponse> bulkPublish(BulkPublishRequest request) {
    try {
      known(request.pubsubName());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<PublishOutcome> out = new ArrayList<>();
    for (BulkPublishEntry e : request.entries()) {
      if ("true".equals(e.metadata().get("fail"))) {
        out.add(new PublishOutcome.Failed(e.entryId(), ErrorCode.COMPONENT_FAILED, "entry asked to fail"));
      } else {
        String id = publish(new PublishRequest(request.pubsubName(), request.topic(), e.data(), e.contentType(), Map.of()))
            .toCompletableFuture().join();
        out.add(new PublishOutcome.Published(e.entryId(), id));
      }
    }
    return CompletableFuture.completedFuture(new BulkPublishResponse(out));
  }

  @Override
  public Flow.Publisher<TopicMessage> subscribe(Subscription subscription) {
    return subscriber -> {
      try {
        known(subscription.pubsubName());
      } catch (CapaException e) {
        subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
        subscriber.onError(e);
        return;
      }
      Sub s = new Sub(subscription, subscriber);
      subs.add(s);
      subscriber.onSubscribe(s);
      thread.execute(() -> {
        for (var it = orphans.iterator(); it.hasNext(); ) {
          Message m = it.next();
          if (m.topic().equals(subscription.topic())) {
            it.remove();
            s.offer(m);
          }
        }
      });
    };
  }

  /** Subscriptions to {@code topic} open now. */
  public long subscriptions(String topic) {
    return subs.stream().filter(s -> s.subscription.topic().equals(topic)).count();
  }

  /** The broker fails every subscription of {@code topic} with {@code error}. */
  public void fail(String topic, RuntimeException error) {
    for (Sub s : subs) {
      if (s.subscription.topic().equals(topic)) {
        thread.execute(() -> {
          if (!s.done) {
            s.done = true;
            subs.remove(s);
            s.subscriber.onError(error);
          }
        });
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private final class Sub implements Flow.Subscription {
    final Subscription subscription;
    final Flow.Subscriber<? super TopicMessage> subscriber;
    final Deque<Message> queue = new ArrayDeque<>();
    long demand;
    boolean done;

    Sub(Subscription subscription, Flow.Subscriber<? super TopicMessage> subscriber) {
      this.subscription = subscription;
      this.subscriber = subscriber;
    }

    void offer(Message m) {
      queue.add(m);
      drain();
    }

    @Override
    public void request(long n) {
      thread.execute(() -> {
        demand += n;
        drain();
      });
    }

    @Override
    public void cancel() {
      thread.execute(() -> {
        if (!done) {
          done = true;
          subs.remove(this);
          cancelled.incrementAndGet();
        }
      });
    }

    private void drain() {
      while (!done && demand > 0 && !queue.isEmpty()) {
        Message m = queue.poll();
        demand--;
        int now = unsettled.incrementAndGet();
        maxUnsettled.accumulateAndGet(now, Math::max);
        AtomicBoolean settled = new AtomicBoolean();
        TopicMessage tm = new TopicMessage(m.id(), "memory", "com.example.test", TopicMessage.SPEC_VERSION,
            m.contentType(), Optional.empty(), Optional.empty(), m.data(), m.topic(), "mem", Map.of(),
            s -> {
              if (settled.compareAndSet(false, true)) {
                thread.execute(() -> settle(m, s));
              }
              return CompletableFuture.completedFuture(null);
            });
        subscriber.onNext(tm);
      }
    }

    private void settle(Message m, Settlement s) {
      unsettled.decrementAndGet();
      switch (s) {
        case SUCCESS -> acked.add(m.id());
        case DROP -> dropped.add(m.id());
        case RETRY -> {
          retried.incrementAndGet();
          // Delivered again to a live subscriber of the topic (this one, or the next to come).
          Sub target = done ? subs.stream().filter(o -> o.subscription.topic().equals(m.topic())).findFirst().orElse(null) : this;
          if (target != null) {
            target.offer(m);
          } else {
            orphans.add(m);
          }
        }
      }
    }
  }
}
