package io.capa.sidecar.internal;

import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.TopicMessage;
import io.capa.sidecar.protocol.RuntimeProtocol.Subscriber;
import io.capa.sidecar.protocol.internal.PubSubConvert;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: one subscription of an application. It asks the pub/sub service for at most
 * {@code window} messages, delivers each to the application's {@code Subscriber} capability, and
 * asks for one more only when a delivery's answer has settled its message: the runtime never holds
 * more than {@code window} unanswered deliveries for a subscriber, however slow it is.
 *
 * <pre>
 *   PubSubService ──onNext──► deliver(message) ──answer: settlement──► acknowledger.settle ──► request(1)
 * </pre>
 *
 * A failed delivery (the application threw, the connection ended) settles as retry.
 */
final class SubscriptionPump implements Flow.Subscriber<TopicMessage>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionPump.class);

  private final Subscriber.Client subscriber;
  private final int window;
  private final String what;
  private final AtomicInteger unanswered = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Flow.Subscription upstream;
  // Set while subscribing: a failure signalled then fails the subscribe call itself.
  private volatile boolean starting = true;
  private volatile Throwable earlyFailure;

  SubscriptionPump(Subscriber.Client subscriber, int window, String what) {
    this.subscriber = subscriber;
    this.window = window;
    this.what = what;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    upstream = s;
    if (closed.get()) {
      s.cancel();
    } else {
      s.request(window);
    }
  }

  @Override
  public void onNext(TopicMessage m) {
    if (closed.get()) {
      m.retry();
      return;
    }
    unanswered.incrementAndGet();
    Subscriber.DeliverResults.Promise sent;
    try {
      sent = subscriber.deliver(p -> PubSubConvert.message(m, p.initMessage()));
    } catch (RuntimeException e) {
      // The capability is gone (the connection closed under us).
      settle(m, Settlement.RETRY);
      return;
    }
    sent.result().whenComplete((r, e) -> {
      Settlement s = Settlement.RETRY;
      if (e == null) {
        try (r) {
          s = PubSubConvert.settlement(r.value().getSettlement());
        }
      } else {
        log.debug("{}: delivery of {} failed, retried later: {}", what, m.id(), e.toString());
      }
      settle(m, s);
    });
  }

  private void settle(TopicMessage m, Settlement s) {
    m.acknowledger().settle(s).whenComplete((v, e) -> {
      if (e != null) {
        log.warn("{}: settling {} as {} failed: {}", what, m.id(), s, e.toString());
      }
      unanswered.decrementAndGet();
      Flow.Subscription up = upstream;
      if (!closed.get() && up != null) {
        up.request(1);
      }
    });
  }

  @Override
  public void onError(Throwable t) {
    synchronized (this) {
      if (starting) {
        earlyFailure = t;
      }
    }
    if (earlyFailure == t) {
      close();
      return;
    }
    log.warn("{} ended with an error: {}", what, t.toString());
    ended(Calls.toRpc(t).reason());
  }

  @Override
  public void onComplete() {
    ended("");
  }

  /**
   * Subscribed: from now on the end of the subscription is told to the application through {@code
   * ended}. Answers the failure signalled while subscribing, if any.
   */
  synchronized Throwable started() {
    starting = false;
    return earlyFailure;
  }

  private void ended(String error) {
    if (closed.get()) {
      return;
    }
    try {
      subscriber.ended(p -> p.setError(error)).response().whenComplete((r, e) -> close());
    } catch (RuntimeException e) {
      close();
    }
  }

  /** Deliveries sent and not yet settled. */
  int unanswered() {
    return unanswered.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Flow.Subscription up = upstream;
      if (up != null) {
        up.cancel();
      }
      subscriber.close();
    }
  }
}
