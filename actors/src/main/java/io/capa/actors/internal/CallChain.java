package io.capa.actors.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * INTERNAL API: the call chain an invocation belongs to. Every call made from inside a turn inherits
 * the turn's chain with depth + 1, so an actor can tell a reentrant call (same chain) from an
 * unrelated one.
 *
 * <p>A chain id is a random per-JVM origin plus a counter: unique across the cluster for all
 * practical purposes, and far cheaper than a random UUID, which matters because every outermost
 * turn that calls out starts a chain.
 */
public record CallChain(long origin, long sequence, int depth) implements CborSerializable {
  private static final long ORIGIN = ThreadLocalRandom.current().nextLong();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  public static CallChain fresh() {
    return new CallChain(ORIGIN, SEQUENCE.incrementAndGet(), 1);
  }

  public CallChain next() {
    return new CallChain(origin, sequence, depth + 1);
  }

  public boolean sameChain(CallChain other) {
    return other != null && other.origin == origin && other.sequence == sequence;
  }
}
