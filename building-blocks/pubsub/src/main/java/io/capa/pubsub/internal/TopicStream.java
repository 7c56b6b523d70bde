package io.capa.pubsub.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.Acknowledger;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.components.api.Components;
import io.capa.components.spi.ComponentConfig;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One subscription of the building block: broker messages in, CloudEvents out, and
 * the settlement policy between them.
 *
 * <pre>
 *  broker ──(window of maxInFlight)──▶ Attachment ──unwrap──▶ Outbox ──demand──▶ subscriber
 *     ▲                                                                          │ settle
 *     └──── ack on SUCCESS / after dead-lettering ◀── Delivery ◀─────────────────┘
 *                                                     RETRY: emit again after backoff
 * </pre>
 *
 * A reload of the pub/sub component detaches from the old instance (its unsettled messages go back
 * to the group) and attaches to the new one.
 */
public final class TopicStream implements Flow.Subscription {
  private static final Logger log = LoggerFactory.getLogger(TopicStream.class);

  private final Subscription subscription;
  private final Components components;
  private final ScheduledExecutorService scheduler;
  private final Flow.Subscriber<? super TopicMessage> subscriber;
  private final Outbox<TopicMessage> outbox;
  private final Consumer<TopicStream> onEnd;
  private volatile Attachment current;
  private volatile boolean cancelled;
  private Policy policy;

  public TopicStream(
      Subscription subscription,
      Components components,
      ScheduledExecutorService scheduler,
      Flow.Subscriber<? super TopicMessage> subscriber,
      Consumer<TopicStream> onEnd) {
    this.subscription = subscription;
    this.components = components;
    this.scheduler = scheduler;
    this.subscriber = subscriber;
    this.outbox = new Outbox<>(subscriber);
    this.onEnd = onEnd;
  }

  public String pubsubName() {
    return subscription.pubsubName();
  }

  public void start() {
    subscriber.onSubscribe(this);
    try {
      policy = Policy.of(subscription.metadata());
    } catch (IllegalArgumentException e) {
      end(new CapaException(ErrorCode.INVALID_REQUEST, e.getMessage(), e));
      return;
    }
    attach();
  }

  @Override
  public void request(long n) {
    outbox.request(n);
  }

  @Override
  public void cancel() {
    cancelled = true;
    outbox.cancel();
    Attachment a = current;
    if (a != null) {
      a.detach();
    }
    onEnd.accept(this);
  }

  /** Moves to the pub/sub's current instance; called after its component was reloaded. */
  public void reattach() {
    Attachment a = current;
    if (a != null) {
      a.detach();
    }
    attach();
  }

  private void end(Throwable t) {
    outbox.fail(t);
    cancel();
  }

  private synchronized void attach() {
    if (cancelled) {
      return;
    }
    PubSubBroker broker;
    try {
      broker = components.require(subscription.pubsubName(), PubSubBroker.class, "pub/sub");
    } catch (CapaException e) {
      if (e.errorCode() == ErrorCode.COMPONENT_NOT_FOUND) {
        end(e);
      } else {
        log.warn("pub/sub '{}' cannot subscribe to '{}' yet: {}", subscription.pubsubName(), subscription.topic(),
            e.getMessage());
        scheduler.schedule(this::attach, policy.backoff.toMillis(), TimeUnit.MILLISECONDS);
      }
      return;
    }
    String group = subscription.metadata().getOrDefault("consumerID", broker.defaultConsumerGroup());
    Attachment a = new Attachment(broker);
    current = a;
    try {
      broker.subscribe(subscription.topic(), group).subscribe(a);
    } catch (RuntimeException e) {
      a.onError(e);
    }
  }

  /** The settlement policy, from the subscription's metadata. */
  private record Policy(int maxRetries, Duration backoff, Duration maxBackoff, int maxInFlight, boolean raw) {
    static Policy of(Map<String, String> m) {
      return new Policy(
          integer(m, "maxRetries", 3, 0),
          duration(m, "retryBackoff", Duration.ofSeconds(1)),
          duration(m, "maxRetryBackoff", Duration.ofSeconds(30)),
          integer(m, "maxInFlight", 32, 1),
          Boolean.parseBoolean(m.getOrDefault("rawPayload", "false")));
    }

    Duration backoff(int attempt) {
      long ms = backoff.toMillis() << Math.min(attempt - 1, 20);
      return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    private static int integer(Map<String, String> m, String key, int fallback, int min) {
      String v = m.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        int i = Integer.parseInt(v.trim());
        if (i >= min) {
          return i;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("subscription metadata " + key + ": '" + v + "' is not a whole number >= " + min);
    }

    private static Duration duration(Map<String, String> m, String key, Duration fallback) {
      String v = m.get(key);
      if (v == null) {
        return fallback;
      }
      return ComponentConfig.parseDuration(v, ChronoUnit.MILLIS)
          .filter(d -> !d.isNegative())
          .orElseThrow(() -> new IllegalArgumentException(
              "subscription metadata " + key + ": '" + v + "' is not a duration (for instance 500ms, 2s)"));
    }
  }

  /** The subscription on one broker instance. */
  private final class Attachment implements Flow.Subscriber<BrokerMessage> {
    final PubSubBroker broker;
    private Flow.Subscription upstream;
    private boolean detached;

    Attachment(PubSubBroker broker) {
      this.broker = broker;
    }

    synchronized boolean detached() {
      return detached;
    }

    void detach() {
      Flow.Subscription s;
      synchronized (this) {
        detached = true;
        s = upstream;
      }
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      boolean cancelNow;
      synchronized (this) {
        upstream = s;
        cancelNow = detached;
      }
      if (cancelNow) {
        s.cancel();
      } else {
        s.request(policy.maxInFlight);
      }
    }

    /** One more message may be in flight: the previous one was settled for good. */
    void settledOne() {
      Flow.Subscription s;
      synchronized (this) {
        s = detached ? null : upstream;
      }
      if (s != null) {
        s.request(1);
      }
    }

    @Override
    public void onNext(BrokerMessage message) {
      if (!detached()) {
        new Delivery(this, message).emit();
      }
    }

    @Override
    public void onError(Throwable t) {
      if (detached() || cancelled) {
        return;
      }
      detach();
      log.warn("subscription to '{}' of pub/sub '{}' failed; subscribing again: {}", subscription.topic(),
          subscription.pubsubName(), t.toString());
      scheduler.schedule(TopicStream.this::attach, policy.backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onComplete() {
      onError(new IllegalStateException("the broker ended the subscription"));
    }
  }

  /** One broker message, through its deliveries to the subscriber until it is settled for good. */
  private final class Delivery {
    private final Attachment attachment;
    private final BrokerMessage message;
    private int retries;

    Delivery(Attachment attachment, BrokerMessage message) {
      this.attachment = attachment;
      this.message = message;
    }

    void emit() {
      if (attachment.detached() || cancelled) {
        return; // unacknowledged: the broker delivers it again
      }
      AtomicBoolean once = new AtomicBoolean();
      Acknowledger ack = s -> once.compareAndSet(false, true) ? settle(s) : CompletableFuture.completedFuture(null);
      outbox.offer(CloudEvents.unwrap(message.data(), policy.raw, subscription.topic(), subscription.pubsubName(), ack));
    }

    CompletionStage<Void> settle(Settlement s) {
      switch (s) {
        case SUCCESS:
          return finish(message.ack());
        case RETRY:
          retries++;
          if (retries > policy.maxRetries) {
            return deadLetter();
          }
          scheduler.schedule(this::emit, policy.backoff(retries).toMillis(), TimeUnit.MILLISECONDS);
          return CompletableFuture.completedFuture(null);
        default:
          return deadLetter();
      }
    }

    private CompletionStage<Void> deadLetter() {
      if (subscription.deadLetterTopic().isEmpty()) {
        return finish(message.ack());
      }
      String dlt = subscription.deadLetterTopic().get();
      CompletionStage<Void> forwarded = attachment.broker.publish(dlt, message.data(), message.metadata())
          .thenCompose(v -> message.ack());
      return finish(forwarded.whenComplete((v, e) -> {
        if (e != null) {
          // Not acknowledged: the broker keeps the message rather than losing it.
          log.warn("message of '{}' could not go to dead-letter topic '{}': {}", subscription.topic(), dlt, e.toString());
          message.nack();
        }
      }));
    }

    private CompletionStage<Void> finish(CompletionStage<Void> settled) {
      return settled.whenComplete((v, e) -> attachment.settledOne());
    }
  }
}
