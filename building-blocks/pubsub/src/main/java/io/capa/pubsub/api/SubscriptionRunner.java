package io.capa.pubsub.api;

import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one subscription into a {@link SubscriptionTarget}: at most {@code concurrency} messages at
 * the target at once, each settled with the target's outcome (a failure retries). {@link #close()}
 * ends the subscription; messages not yet settled are delivered again later.
 */
public final class SubscriptionRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionRunner.class);

  private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
  private volatile boolean closed;

  private SubscriptionRunner() {}

  public static SubscriptionRunner start(
      PubSubService pubsub, Subscription subscription, SubscriptionTarget target, int concurrency) {
    Objects.requireNonNull(target, "target");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    SubscriptionRunner runner = new SubscriptionRunner();
    pubsub.subscribe(subscription).subscribe(new Flow.Subscriber<TopicMessage>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        runner.upstream.set(s);
        if (runner.closed) {
          s.cancel();
        } else {
          s.request(concurrency);
        }
      }

      @Override
      public void onNext(TopicMessage m) {
        CompletionStageHelper.deliver(target, m).thenCompose(m.acknowledger()::settle).whenComplete((v, e) -> {
          if (e != null) {
            log.warn("settling a message of '{}' failed: {}", subscription.topic(), e.toString());
          }
          Flow.Subscription s = runner.upstream.get();
          if (s != null && !runner.closed) {
            s.request(1);
          }
        });
      }

      @Override
      public void onError(Throwable t) {
        log.warn("subscription to '{}' of pub/sub '{}' ended: {}", subscription.topic(), subscription.pubsubName(),
            t.toString());
      }

      @Override
      public void onComplete() {}
    });
    return runner;
  }

  @Override
  public void close() {
    closed = true;
    Flow.Subscription s = upstream.get();
    if (s != null) {
      s.cancel();
    }
  }

  /** A target that throws instead of failing its stage still settles with RETRY. */
  private static final class CompletionStageHelper {
    static java.util.concurrent.CompletionStage<Settlement> deliver(SubscriptionTarget target, TopicMessage m) {
      try {
        return target.deliver(m).exceptionally(e -> Settlement.RETRY);
      } catch (RuntimeException e) {
        return java.util.concurrent.CompletableFuture.completedFuture(Settlement.RETRY);
      }
    }
  }
}
