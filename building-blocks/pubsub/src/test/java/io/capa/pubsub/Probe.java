package io.capa.pubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A subscriber that records what it receives and asks for more as it goes. */
public final class Probe<T> implements Flow.Subscriber<T> {
  public final List<T> received = new CopyOnWriteArrayList<>();
  public volatile Throwable error;
  private final Consumer<T> onEach;
  private volatile Flow.Subscription subscription;

  public Probe(Consumer<T> onEach) {
    this.onEach = onEach;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(T item) {
    received.add(item);
    onEach.accept(item);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
  }

  @Override
  public void onComplete() {}

  public void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  public List<T> snapshot() {
    return new ArrayList<>(received);
  }

  public static void await(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + within + " waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }
}
