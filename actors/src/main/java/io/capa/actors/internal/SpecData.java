package io.capa.actors.internal;

import io.capa.api.actors.FailurePolicy;
import io.capa.api.actors.ReminderSpec;
import java.time.Duration;

/**
 * INTERNAL API: a reminder spec in the flat form that is persisted and sent between nodes. The API's
 * {@link FailurePolicy} is a sealed interface, which a serializer cannot rebuild without type hints,
 * so it is stored as a retry count (-1 for drop) and an interval.
 */
record SpecData(
    String name, byte[] data, String dueTime, String period, String ttl, int maxRetries, long retryIntervalMillis)
    implements CborSerializable {

  static SpecData of(ReminderSpec s) {
    int retries = -1;
    long interval = 0;
    if (s.failurePolicy() instanceof FailurePolicy.Retry r) {
      retries = r.maxRetries();
      interval = r.interval().toMillis();
    }
    return new SpecData(s.name(), s.data(), s.dueTime(), s.period(), s.ttl(), retries, interval);
  }

  ReminderSpec toSpec() {
    FailurePolicy policy =
        maxRetries < 0 ? FailurePolicy.drop() : FailurePolicy.retry(maxRetries, Duration.ofMillis(retryIntervalMillis));
    return new ReminderSpec(name, data, dueTime, period, ttl, policy);
  }
}
