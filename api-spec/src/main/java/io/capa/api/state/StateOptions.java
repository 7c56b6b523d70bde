package io.capa.api.state;

import java.util.Objects;

/** Consistency and concurrency of one state operation; {@code null} takes the default of each. */
public record StateOptions(Consistency consistency, Concurrency concurrency) {
  /** Eventual consistency, last write wins: what a store does when nothing is asked. */
  public static final StateOptions DEFAULT = new StateOptions(Consistency.EVENTUAL, Concurrency.LAST_WRITE);

  public StateOptions {
    consistency = Objects.requireNonNullElse(consistency, Consistency.EVENTUAL);
    concurrency = Objects.requireNonNullElse(concurrency, Concurrency.LAST_WRITE);
  }
}
