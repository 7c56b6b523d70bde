package io.capa.sidecar.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** INTERNAL API: the door of the invocation graph, as the RPC endpoint uses it. */
@FunctionalInterface
public interface Admission {
  <T> CompletionStage<T> admit(String target, Duration budget, Supplier<CompletionStage<T>> call);
}
