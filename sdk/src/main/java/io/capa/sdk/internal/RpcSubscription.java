package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.RuntimeProtocol.Subscriber;
import io.capa.sidecar.protocol.internal.PubSubConvert;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * INTERNAL API: one application subscriber of a topic. The runtime pushes messages to this {@code
 * Subscriber} capability and waits for each answer, which is the message's settlement (ack, retry,
 * drop) given through {@link TopicMessage#acknowledger()}. The runtime never has more than its
 * window of messages unanswered, so the messages waiting here for the application's demand are
 * bounded by it.
 *
 * <pre>
 *   runtime ──deliver(message)──► ready queue ──(demand)──► application onNext
 *           ◄──answer: settlement── message.ack()/retry()/drop()
 * </pre>
 *
 * The subscription is a registration: after a reconnection it is made again, and the runtime
 * redelivers what was not settled. Cancelling ends it; messages delivered but not yet handed to the
 * application are answered with retry.
 */
final class RpcSubscription extends Subscriber.Server implements Flow.Subscription {
  private final RuntimeLink link;
  private final Subscription subscription;
  private final Flow.Subscriber<? super TopicMessage> app;
  private final Registered<RuntimeProtocol.Runtime.SubscribeResults.Reader> registration;

  // Guarded by this.
  private final Deque<Pending> ready = new ArrayDeque<>();
  private long demand;
  private boolean done;
  private boolean draining;
  private Throwable failure;
  private boolean completed;

  private record Pending(TopicMessage message, CompletableFuture<Settlement> answer) {}

  RpcSubscription(RuntimeLink link, Subscription subscription, Flow.Subscriber<? super TopicMessage> app) {
    this.link = link;
    this.subscription = subscription;
    this.app = app;
    String what = "subscription to " + subscription.pubsubName() + "/" + subscription.topic();
    this.registration = new Registered<>(link, what) {
      @Override
      protected RuntimeLink.Pending<RuntimeProtocol.Runtime.SubscribeResults.Reader> send(
          RuntimeProtocol.Runtime.Client runtime) {
        var p = runtime.subscribe(b -> {
          PubSubConvert.subscription(subscription, b.initSubscription());
          b.setSubscriber(toClient());
          // 0: the runtime's own bound on unanswered deliveries.
          b.setMaxUnanswered(0);
        });
        return new RuntimeLink.Pending<>(p.result(), p::cancel);
      }

      @Override
      protected RuntimeProtocol.Registration.Client registration(RuntimeProtocol.Runtime.SubscribeResults.Reader r) {
        return r.getRegistration().dup();
      }
    };
  }

  void start() {
    CompletionStage<Void> added;
    try {
      added = link.add(registration);
    } catch (CapaException e) {
      fail(e);
      return;
    }
    added.whenComplete((v, e) -> {
      if (e != null) {
        Throwable cause = Handshake.unwrap(e);
        // Not connected now: the subscription is made on the next connection.
        if (!(cause instanceof CapaException c && c.errorCode() == ErrorCode.RUNTIME_UNAVAILABLE)) {
          fail(cause);
        }
      }
    });
  }

  @Override
  protected CompletionStage<?> deliver(CallContext call, Subscriber.DeliverParams.Reader params,
      Supplier<Subscriber.DeliverResults.Builder> results) {
    CompletableFuture<Settlement> answer = new CompletableFuture<>();
    TopicMessage m = PubSubConvert.message(params.getMessage(), s -> {
      answer.complete(s);
      return CompletableFuture.completedFuture(null);
    });
    synchronized (this) {
      if (done) {
        answer.complete(Settlement.RETRY);
      } else {
        ready.add(new Pending(m, answer));
      }
    }
    link.callbacks().execute(this::drain);
    // The runtime waits for this answer before it counts the delivery as settled.
    return answer.thenAccept(s -> results.get().setSettlement(PubSubConvert.settlement(s)));
  }

  /** The runtime ended the subscription: an error, or the topic completed (empty). */
  @Override
  protected CompletionStage<?> ended(CallContext call, Subscriber.EndedParams.Reader params,
      Supplier<Subscriber.EndedResults.Builder> results) {
    String error = params.getError();
    if (error.isEmpty()) {
      complete();
    } else {
      int colon = error.indexOf(':');
      ErrorCode code = colon < 0 ? ErrorCode.INTERNAL
          : ErrorCode.fromCode(error.substring(0, colon)).orElse(ErrorCode.INTERNAL);
      fail(new CapaException(code, "the runtime ended the subscription to " + subscription.pubsubName() + "/"
          + subscription.topic() + ": " + (colon < 0 ? error : error.substring(colon + 1).trim())));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      fail(new IllegalArgumentException("request(" + n + "): demand must be positive (reactive streams rule 3.9)"));
      return;
    }
    synchronized (this) {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    }
    link.callbacks().execute(this::drain);
  }

  @Override
  public void cancel() {
    end(null);
  }

  private void fail(Throwable t) {
    end(t);
    link.callbacks().execute(this::drain);
  }

  private void complete() {
    synchronized (this) {
      if (done) {
        return;
      }
      completed = true;
    }
    end(null);
    link.callbacks().execute(this::drain);
  }

  private void end(Throwable t) {
    Deque<Pending> left;
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
      failure = t;
      left = new ArrayDeque<>(ready);
      ready.clear();
    }
    for (Pending p : left) {
      p.answer().complete(Settlement.RETRY);
    }
    // close() waits for the runtime's answer: not on the caller's (maybe the connection's) thread.
    link.callbacks().execute(registration::close);
  }

  /** Hands ready messages to the application, one signal at a time, on a callback thread. */
  private void drain() {
    synchronized (this) {
      if (draining) {
        return;
      }
      draining = true;
    }
    while (true) {
      Pending next;
      Throwable error = null;
      synchronized (this) {
        if (done && failure != null) {
          error = failure;
          failure = null;
          next = null;
        } else if (done && completed) {
          completed = false;
          next = null;
        } else if (done || demand == 0 || ready.isEmpty()) {
          draining = false;
          return;
        } else {
          next = ready.poll();
          demand--;
        }
      }
      if (error != null) {
        app.onError(error);
        continue;
      }
      if (next == null) {
        app.onComplete();
        continue;
      }
      try {
        app.onNext(next.message());
      } catch (RuntimeException e) {
        // A subscriber that throws breaks the contract (rule 2.13): the subscription ends.
        next.answer().complete(Settlement.RETRY);
        end(e);
      }
    }
  }
}
