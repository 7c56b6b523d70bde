package io.capa.pubsub.internal;

import io.capa.pubsub.spi.BrokerMessage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The {@link Flow.Publisher} every backend returns from {@code subscribe}: each
 * subscriber starts a consumer of its own through {@link Source}, and cancelling closes it. Starting
 * and closing run on the blocking executor, since client libraries connect and disconnect
 * synchronously and must not run on a broker's callback thread.
 */
public final class BrokerPublisher implements Flow.Publisher<BrokerMessage> {
  private static final Logger log = LoggerFactory.getLogger(BrokerPublisher.class);

  /** Where a consumer puts what it receives. */
  public interface Sink {
    /** Queues a message for the subscriber; never blocks. */
    void offer(BrokerMessage message);

    /** Ends the subscription with an error. */
    void fail(Throwable t);
  }

  /** Starts one consumer. */
  @FunctionalInterface
  public interface Source {
    /**
     * @param onRequest told of the subscriber's demand as it grows (for brokers that pull)
     * @return closes the consumer; unacknowledged messages go back to the group
     */
    AutoCloseable start(Sink sink, Demand onRequest) throws Exception;
  }

  /** A consumer that wants to know at once that it is being closed (the close itself runs later). */
  public interface Closing extends AutoCloseable {
    void closing();
  }

  /** Receives the subscriber's requests once the consumer started. */
  public interface Demand {
    void listen(LongConsumer listener);
  }

  private final Source source;
  private final Executor executor;
  private final String what;

  public BrokerPublisher(String what, Executor executor, Source source) {
    this.what = what;
    this.executor = executor;
    this.source = source;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super BrokerMessage> subscriber) {
    Stream stream = new Stream(subscriber);
    subscriber.onSubscribe(stream);
    executor.execute(stream::start);
  }

  private final class Stream implements Flow.Subscription, Sink, Demand {
    private final Outbox<BrokerMessage> outbox;
    private AutoCloseable consumer;
    private LongConsumer listener;
    private long early;
    private boolean closed;

    Stream(Flow.Subscriber<? super BrokerMessage> subscriber) {
      this.outbox = new Outbox<>(subscriber);
    }

    void start() {
      try {
        AutoCloseable c = source.start(this, this);
        boolean closeNow;
        synchronized (this) {
          consumer = c;
          closeNow = closed;
        }
        if (closeNow) {
          close(c);
        }
      } catch (Exception e) {
        outbox.fail(e);
      }
    }

    @Override
    public void listen(LongConsumer l) {
      long pending;
      synchronized (this) {
        listener = l;
        pending = early;
        early = 0;
      }
      if (pending > 0) {
        l.accept(pending);
      }
    }

    @Override
    public void request(long n) {
      outbox.request(n);
      if (n <= 0) {
        return;
      }
      LongConsumer l;
      synchronized (this) {
        l = listener;
        if (l == null) {
          early = early + n < 0 ? Long.MAX_VALUE : early + n;
        }
      }
      if (l != null) {
        l.accept(n);
      }
    }

    @Override
    public void cancel() {
      outbox.cancel();
      AutoCloseable c;
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        c = consumer;
      }
      if (c != null) {
        if (c instanceof Closing closing) {
          closing.closing();
        }
        executor.execute(() -> close(c));
      }
    }

    private void close(AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing a subscription of {} failed", what, e);
      }
    }

    @Override
    public void offer(BrokerMessage message) {
      outbox.offer(message);
    }

    @Override
    public void fail(Throwable t) {
      outbox.fail(t);
    }
  }
}
