package io.capa.actors.internal;

import java.util.UUID;

/**
 * INTERNAL API: the call chain an invocation belongs to. Every call made from inside a turn inherits
 * the turn's chain id with depth + 1, so an actor can tell a reentrant call (same chain) from an
 * unrelated one.
 */
public record CallChain(String id, int depth) implements CborSerializable {
  public static CallChain fresh() {
    return new CallChain(UUID.randomUUID().toString(), 1);
  }

  public CallChain next() {
    return new CallChain(id, depth + 1);
  }
}
