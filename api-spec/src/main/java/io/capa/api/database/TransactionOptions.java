package io.capa.api.database;

import io.capa.api.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a transaction.
 *
 * @param idleTimeout how long the transaction may go without a statement before the runtime rolls
 *     it back and frees its connection; empty takes the runtime default. This is what ends a
 *     transaction whose caller went away.
 */
public record TransactionOptions(Isolation isolation, boolean readOnly, Optional<Duration> idleTimeout) {
  public static final TransactionOptions DEFAULT = new TransactionOptions(Isolation.DEFAULT, false, Optional.empty());

  public TransactionOptions {
    isolation = Objects.requireNonNullElse(isolation, Isolation.DEFAULT);
    idleTimeout = Checks.optionalPositive(idleTimeout, "idleTimeout");
  }
}
